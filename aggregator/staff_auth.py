"""Who may read the staff pages: the password hash kept in the config, and the HTTP Basic check.

The config holds only `scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>` (made by `aggregator
staff-password`), never the password. scrypt is slow and memory-hard on purpose, so a leaked
config is costly to guess from; the same cost is ours on every check, which shapes `StaffLogin`:

- A credential that verified is remembered for CACHE_SECONDS, keyed by a keyed hash of the whole
  Authorization header (the browser resends it with every request), so a page and its follow-up
  requests pay scrypt once, not each. The key is random per process: the cache holds no fast,
  offline-guessable digest of the password. Restarting serve (as a new config needs) forgets it.
- Failed attempts are counted per client address (uvicorn's: the peer, or the X-Forwarded-For
  address when the peer is a proxy it trusts, by default one on 127.0.0.1); after MAX_FAILURES within FAILURE_WINDOW the
  address gets 429 without any scrypt run. Otherwise a guesser would cost us ~40 ms of CPU and
  16 MiB per guess, as fast as they could send them. An attempt counts as failed from the moment
  it starts (undone when it succeeds), so many parallel guesses cannot all slip past the count.
  A remembered good credential is let in even while its address is throttled: behind a reverse
  proxy that passes no X-Forwarded-For, everyone shares one address, and a guesser should not
  lock out staff who are already reading.
- At most SCRYPT_AT_ONCE verifications run at a time, which bounds the memory scrypt takes when
  guesses come from many addresses at once.

Not "loopback clients are trusted": behind a reverse proxy on the same host every request comes
from 127.0.0.1, so that rule would open the staff pages to the whole internet.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "CACHE_SECONDS",
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "Attempt",
    "Decision",
    "ScryptHash",
    "StaffLogin",
    "Verdict",
    "hash_password",
    "parse_password_hash",
    "verify_password",
]

# The scrypt paper's cost for interactive logins: 16 MiB and ~40 ms of CPU here per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
# A hash asking for more memory than this is refused rather than run: the config is ours, but a
# typo in n must not make every login allocate gigabytes.
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024

CACHE_SECONDS = 60.0
CACHE_ENTRIES = 64
MAX_FAILURES = 10
FAILURE_WINDOW = 60.0
TRACKED_ADDRESSES = 10_000  # beyond this the oldest address's count is forgotten
SCRYPT_AT_ONCE = 2


@dataclass(frozen=True)
class ScryptHash:
    """A stored password hash, taken apart."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def hash_password(password: str) -> str:
    """The stored form of `password`, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, ScryptHash(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, b"\0" * HASH_BYTES))
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def parse_password_hash(stored: str) -> ScryptHash | None:
    """`stored` taken apart, or None when it is not a usable `hash_password` result."""
    parts = stored.split("$") if isinstance(stored, str) else []
    if len(parts) != 6 or parts[0] != "scrypt" or not all(part.isascii() and part.isdecimal() for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    usable = (
        n > 1
        and n & (n - 1) == 0  # scrypt needs a power of two
        and 1 <= r <= 64
        and 1 <= p <= 16
        and 128 * n * r <= MAX_SCRYPT_MEMORY
        and len(salt) >= 8
        and 16 <= len(digest) <= 64
    )
    return ScryptHash(n, r, p, salt, digest) if usable else None


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from; False (never an error) for a
    malformed `stored`."""
    parsed = parse_password_hash(stored)
    if parsed is None or not isinstance(password, str):
        return False
    try:
        return hmac.compare_digest(_scrypt(password, parsed), parsed.digest)
    except (ValueError, MemoryError):
        return False


class Verdict(Enum):
    ALLOWED = "allowed"
    LOGIN_NEEDED = "login needed"  # no credentials, unreadable ones, or wrong ones: 401
    TOO_MANY = "too many failed attempts"  # 429


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    retry_after: int = 0  # seconds, with TOO_MANY


@dataclass(frozen=True)
class Attempt:
    """Credentials waiting for scrypt, counted as a failure from `client` until they verify."""

    user: str
    password: str = field(repr=False)
    client: str
    started: float
    remembered: bytes = field(repr=False)  # the header's keyed digest: the cache key


class StaffLogin:
    """Checks `Authorization` headers against one user and password hash (see the module doc).

    Thread-safe. serve calls `first_look` on its event loop and `verify` in a worker thread, a few
    at a time, so that queued guesses hold neither the loop nor the threads public files need.
    """

    def __init__(
        self,
        user: str,
        password_hash: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_failures: int = MAX_FAILURES,
        failure_window: float = FAILURE_WINDOW,
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self._user = _normalized(user).encode()
        self._password_hash = password_hash
        self._clock = clock
        self._max_failures, self._failure_window, self._cache_seconds = max_failures, failure_window, cache_seconds
        self._key = os.urandom(32)
        self._lock = threading.Lock()
        self._scrypt_slots = threading.BoundedSemaphore(SCRYPT_AT_ONCE)
        self._verified: OrderedDict[bytes, float] = OrderedDict()  # header digest -> valid until
        self._failures: OrderedDict[str, list[float]] = OrderedDict()  # address -> attempt times

    def check(self, authorization: str | None, client: str) -> Decision:
        """Whether a request from `client` (its address) with this Authorization header may
        read the staff pages: `first_look`, then `verify` when that is needed."""
        first = self.first_look(authorization, client)
        return first if isinstance(first, Decision) else self.verify(first)

    def first_look(self, authorization: str | None, client: str) -> Decision | Attempt:
        """The decision when it needs no scrypt (no credentials, remembered ones, a throttled
        address); otherwise the attempt to `verify`, already counted against `client`."""
        credentials = _basic_credentials(authorization)
        if credentials is None:
            return Decision(Verdict.LOGIN_NEEDED)  # costs us nothing: not counted
        remembered = hmac.digest(self._key, (authorization or "").encode("utf-8", "surrogateescape"), "sha256")
        with self._lock:
            now = self._clock()
            if self._verified.get(remembered, -math.inf) > now:
                return Decision(Verdict.ALLOWED)
            attempts = self._recent_failures(client, now)
            if len(attempts) >= self._max_failures:
                return Decision(Verdict.TOO_MANY, max(1, math.ceil(attempts[0] + self._failure_window - now)))
            attempts.append(now)  # counted before the slow check, so parallel guesses see it
        return Attempt(*credentials, client=client, started=now, remembered=remembered)

    def verify(self, attempt: Attempt) -> Decision:
        """scrypt on `attempt`'s password: tens of milliseconds, so off any event loop."""
        with self._scrypt_slots:
            user_matches = hmac.compare_digest(attempt.user.encode(), self._user)
            # scrypt runs for a wrong user too: the time taken says nothing about the user name.
            password_matches = verify_password(attempt.password, self._password_hash)
        if not (user_matches and password_matches):
            return Decision(Verdict.LOGIN_NEEDED)
        with self._lock:
            self._forget_attempt(attempt.client, attempt.started)
            self._verified[attempt.remembered] = attempt.started + self._cache_seconds
            self._verified.move_to_end(attempt.remembered)
            while len(self._verified) > CACHE_ENTRIES:
                self._verified.popitem(last=False)
        return Decision(Verdict.ALLOWED)

    def _recent_failures(self, client: str, now: float) -> list[float]:
        attempts = [moment for moment in self._failures.pop(client, []) if moment > now - self._failure_window]
        self._failures[client] = attempts  # now the most recently seen address
        while len(self._failures) > TRACKED_ADDRESSES:
            self._failures.popitem(last=False)
        return attempts

    def _forget_attempt(self, client: str, moment: float) -> None:
        attempts = self._failures.get(client)
        if attempts and moment in attempts:
            attempts.remove(moment)


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(user, password) from `Basic <base64 of user:password>`, or None when it is not that."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = binascii.a2b_base64(encoded.strip(), strict_mode=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return (_normalized(user), _normalized(password)) if colon else None


def _normalized(text: str) -> str:
    # We announce charset="UTF-8", under which RFC 7617 has both sides use Unicode NFC: the same
    # password typed on two keyboards may arrive composed or decomposed.
    return unicodedata.normalize("NFC", text)


def _scrypt(password: str, parameters: ScryptHash) -> bytes:
    return hashlib.scrypt(
        _normalized(password).encode("utf-8", "surrogatepass"),
        salt=parameters.salt,
        n=parameters.n,
        r=parameters.r,
        p=parameters.p,
        maxmem=MAX_SCRYPT_MEMORY + 1024 * 1024,
        dklen=len(parameters.digest),
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
