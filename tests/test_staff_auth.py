"""aggregator.staff_auth on its own: the stored hash, and StaffLogin's cache and throttle on a
clock the test moves."""

from __future__ import annotations

import base64
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from aggregator.staff_auth import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    StaffLogin,
    Verdict,
    hash_password,
    parse_password_hash,
    verify_password,
)

PASSWORD = "Bishkek ✓ 2026"
STORED = hash_password(PASSWORD)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the stored hash -------------------------------------------------------------------------


def test_hash_has_the_documented_form_and_a_fresh_salt() -> None:
    scheme, n, r, p, salt, digest = STORED.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    again = hash_password(PASSWORD)
    assert again != STORED and verify_password(PASSWORD, again)


def test_verify_accepts_only_the_password() -> None:
    assert verify_password(PASSWORD, STORED)
    for wrong in ("", "bishkek ✓ 2026", PASSWORD + " ", PASSWORD[:-1]):
        assert not verify_password(wrong, STORED)


def test_composed_and_decomposed_letters_are_the_same_password() -> None:
    stored = hash_password("Ålö")  # composed
    assert verify_password("A\u030alo\u0308", stored)  # decomposed, as some keyboards send it


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "not a hash",
        "scrypt$16384$8$1$c2FsdA==",
        "bcrypt$16384$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,
        "scrypt$16385$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,  # n not a power of two
        "scrypt$1048576$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,  # 1 GiB of memory per check
        "scrypt$16384$8$1$not*base64$" + "A" * 44,
        "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$AAAA",  # a 3-byte digest
        "scrypt$-16$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,
        "scrypt$１６３８４$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,  # full-width digits
        STORED + "$",
        STORED.replace("$", "$ ", 1),
    ],
)
def test_a_malformed_hash_is_false_not_an_error(stored: str) -> None:
    assert parse_password_hash(stored) is None
    assert verify_password(PASSWORD, stored) is False


# --- StaffLogin ------------------------------------------------------------------------------


def test_only_the_right_user_and_password_get_in() -> None:
    login = StaffLogin("staff", STORED)
    assert login.check(basic("staff", PASSWORD), "a").verdict is Verdict.ALLOWED
    for header in (
        None,
        "",
        basic("staff", "wrong"),
        basic("Staff", PASSWORD),
        basic("staf", PASSWORD),
        "Bearer " + base64.b64encode(f"staff:{PASSWORD}".encode()).decode(),
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"staff-without-a-colon").decode(),
        "Basic " + base64.b64encode(b"staff:\xff\xfe").decode(),
    ):
        assert login.check(header, "b").verdict is Verdict.LOGIN_NEEDED, header


def test_a_password_may_hold_colons() -> None:
    login = StaffLogin("staff", hash_password("a:b:c"))
    assert login.check(basic("staff", "a:b:c"), "a").verdict is Verdict.ALLOWED


def test_a_good_login_is_remembered_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    login = StaffLogin("staff", STORED, clock=clock, cache_seconds=60)
    runs = []
    monkeypatch.setattr("aggregator.staff_auth.verify_password", lambda *args: runs.append(args) or True)
    header = basic("staff", PASSWORD)
    for _ in range(5):
        assert login.check(header, "a").verdict is Verdict.ALLOWED
    assert len(runs) == 1  # one scrypt for the page and its follow-up requests
    clock.now += 61
    assert login.check(header, "a").verdict is Verdict.ALLOWED
    assert len(runs) == 2  # checked again once the memory expired


def test_failed_attempts_are_throttled_per_address() -> None:
    clock = Clock()
    login = StaffLogin("staff", STORED, clock=clock)
    for _ in range(MAX_FAILURES):
        assert login.check(basic("staff", "guess"), "203.0.113.9").verdict is Verdict.LOGIN_NEEDED
    throttled = login.check(basic("staff", PASSWORD), "203.0.113.9")
    assert throttled.verdict is Verdict.TOO_MANY  # even the right password: no scrypt runs now
    assert throttled.retry_after == FAILURE_WINDOW
    assert login.check(basic("staff", "guess"), "198.51.100.7").verdict is Verdict.LOGIN_NEEDED  # another address
    assert login.check(basic("staff", PASSWORD), "198.51.100.7").verdict is Verdict.ALLOWED
    clock.now += 30
    assert login.check(basic("staff", "guess"), "203.0.113.9").retry_after == 30
    clock.now += 31  # the failures, and the remembered login, are over a minute old now
    assert login.check(basic("staff", PASSWORD), "203.0.113.9").verdict is Verdict.ALLOWED


def test_a_remembered_login_passes_while_its_address_is_throttled() -> None:
    # Behind a proxy every client may share one address; a guesser must not lock staff out.
    login = StaffLogin("staff", STORED, clock=Clock())
    header = basic("staff", PASSWORD)
    assert login.check(header, "127.0.0.1").verdict is Verdict.ALLOWED
    for _ in range(MAX_FAILURES):
        login.check(basic("staff", "guess"), "127.0.0.1")
    assert login.check(basic("staff", "guess"), "127.0.0.1").verdict is Verdict.TOO_MANY
    assert login.check(header, "127.0.0.1").verdict is Verdict.ALLOWED


def test_successes_do_not_count_as_failures() -> None:
    clock = Clock()
    login = StaffLogin("staff", STORED, clock=clock, cache_seconds=0)
    for _ in range(MAX_FAILURES + 2):
        assert login.check(basic("staff", PASSWORD), "a").verdict is Verdict.ALLOWED
        clock.now += 0.001


def test_parallel_guesses_cannot_outrun_the_count() -> None:
    login = StaffLogin("staff", STORED)
    start = threading.Barrier(30)

    def guess(n: int) -> Verdict:
        start.wait()
        return login.check(basic("staff", f"guess {n}"), "203.0.113.9").verdict

    with ThreadPoolExecutor(30) as pool:
        verdicts = list(pool.map(guess, range(30)))
    assert verdicts.count(Verdict.LOGIN_NEEDED) == MAX_FAILURES
    assert verdicts.count(Verdict.TOO_MANY) == 30 - MAX_FAILURES


def test_a_malformed_stored_hash_lets_nobody_in() -> None:
    login = StaffLogin("staff", "scrypt$oops")
    assert login.check(basic("staff", "scrypt$oops"), "a").verdict is Verdict.LOGIN_NEEDED
    assert login.check(basic("staff", ""), "a").verdict is Verdict.LOGIN_NEEDED
