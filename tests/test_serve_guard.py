"""serve under slow and surplus clients: request deadlines, the connection cap, the accept() log.

Every client here is on 127.0.0.1, bounded in number (at most 450 connections) and in time.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from aggregator.models import StaffSettings
from aggregator.publish.files import write_set
from aggregator.publish.manifest import MANIFEST_NAME, manifest_bytes
from aggregator.serve import HealthInfo, serving
from aggregator.serve_guard import AcceptErrorLogLimit, Limits, connection_limit, limit_accept_error_log
from aggregator.staff_auth import hash_password
from tests.waiting import get_once_up

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n'
HEALTHY = HealthInfo(datetime.now(UTC), datetime.now(UTC))
SLOW_CLIENTS = 200


@pytest.fixture
def public(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    out.mkdir()
    (out / "feed.rss").write_bytes(FEED)
    (out / MANIFEST_NAME).write_bytes(manifest_bytes(["feed.rss"]))
    return out


def address(base_url: str) -> tuple[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    return host, int(port)


def is_closed_by_server(sock: socket.socket) -> bool:
    """True when the server has closed `sock` (EOF or reset); never blocks."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(65536) == b""
    except ConnectionError:
        return True


def full_response(sock: socket.socket) -> bytes:
    """One keep-alive response to a GET of feed.rss (headers and the known body)."""
    data = b""
    while not (b"\r\n\r\n" in data and data.endswith(FEED)):
        chunk = sock.recv(65536)
        assert chunk, "closed before the response"
        data += chunk
    return data


@pytest.fixture
def sockets() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def test_slow_requests_are_cut_off_and_normal_ones_still_served(public: Path, sockets: ExitStack) -> None:
    request_timeout = 2.0
    with serving(public, lambda: HEALTHY, limits=Limits(request_timeout=request_timeout)) as base_url:
        slow = []
        for n in range(SLOW_CLIENTS):
            sock = sockets.enter_context(socket.create_connection(address(base_url), timeout=10))
            if n % 2:
                # Half of them first make a whole request: a kept-alive connection gets the same
                # deadline for its next request, whose bytes would reset uvicorn's idle timer.
                sock.sendall(b"GET /feed.rss HTTP/1.1\r\nHost: t\r\n\r\n")
                assert b" 200 " in full_response(sock)
            sock.sendall(b"GET /feed.rss HTTP/1.1\r\nHost: t\r\n")
            slow.append(sock)
        started = time.monotonic()
        deadline = started + request_timeout + 10  # generous: the machine may be busy
        open_ = set(slow)
        served = False
        while open_ and time.monotonic() < deadline:
            for sock in list(open_):
                if is_closed_by_server(sock):
                    open_.discard(sock)
                    continue
                try:
                    sock.sendall(b"X-Slow: 1\r\n")  # one more header line, never the blank line
                except ConnectionError:
                    open_.discard(sock)
            if not served:
                # Meanwhile a normal reader gets its feed.
                response = httpx.get(base_url + "/feed.rss", timeout=10)
                assert response.status_code == 200 and response.content == FEED
                served = True
            time.sleep(0.2)
        assert served
        assert not open_, f"{len(open_)} of {SLOW_CLIENTS} slow connections still open after {deadline - started:.0f} s"
        assert httpx.get(base_url + "/feed.rss", timeout=10).status_code == 200


def test_a_slow_body_is_cut_off_too(public: Path, sockets: ExitStack) -> None:
    with serving(public, lambda: HEALTHY, limits=Limits(request_timeout=1.0)) as base_url:
        sock = sockets.enter_context(socket.create_connection(address(base_url), timeout=10))
        sock.sendall(b"POST /feed.rss HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n")
        deadline = time.monotonic() + 10
        closed = False
        while not closed and time.monotonic() < deadline:
            try:
                sock.sendall(b"x")
            except ConnectionError:
                break
            # The app may answer (405) before the body is in; the connection must close anyway.
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable:
                try:
                    closed = sock.recv(65536) == b""
                except ConnectionError:
                    closed = True
        else:
            assert closed, "a request body sent a byte at a time kept the connection open"


def test_a_client_that_stops_reading_is_dropped(public: Path, sockets: ExitStack) -> None:
    size = 16 * 1024 * 1024  # more than the kernel's buffers on both sides and the transport's
    (public / "big.rss").write_bytes(b"x" * size)
    (public / MANIFEST_NAME).write_bytes(manifest_bytes(["feed.rss", "big.rss"]))
    with serving(public, lambda: HEALTHY, limits=Limits(send_timeout=1.0)) as base_url:
        sock = socket.socket()
        sockets.enter_context(sock)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.settimeout(10)
        sock.connect(address(base_url))
        sock.sendall(b"GET /big.rss HTTP/1.1\r\nHost: t\r\n\r\n")
        time.sleep(1.0 + 4)  # reads nothing for longer than send_timeout (and a margin)
        received = 0
        try:
            while chunk := sock.recv(1 << 20):
                received += len(chunk)
        except ConnectionError:
            pass
        assert received < size, "the whole response waited for a client that had stopped reading"
        assert httpx.get(base_url + "/feed.rss", timeout=10).status_code == 200


def test_connections_over_the_cap_are_closed_at_once(public: Path, sockets: ExitStack) -> None:
    with serving(public, lambda: HEALTHY, limits=Limits(request_timeout=60, max_connections=20)) as base_url:
        held = [sockets.enter_context(socket.create_connection(address(base_url), timeout=10)) for _ in range(20)]
        surplus = sockets.enter_context(socket.create_connection(address(base_url), timeout=10))
        # Closed without waiting for the client to speak, let alone for request_timeout.
        readable, _, _ = select.select([surplus], [], [], 10)
        assert readable and is_closed_by_server(surplus)
        assert not any(is_closed_by_server(sock) for sock in held)
        for sock in held:
            sock.close()
        # Once they are gone, normal requests are served again.
        assert get_once_up(base_url + "/feed.rss", within=10).content == FEED


def test_connection_limit_fits_the_descriptor_limit() -> None:
    resource = pytest.importorskip("resource")
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = connection_limit(10**6)
    assert limit >= 1 and (soft == resource.RLIM_INFINITY or 2 * limit < soft)
    assert connection_limit(5) == 5


SERVER_WITH_FEW_DESCRIPTORS = """
import resource, sys
from datetime import UTC, datetime
from pathlib import Path
from aggregator.serve import HealthInfo, run_server
resource.setrlimit(resource.RLIMIT_NOFILE, (400, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
now = datetime.now(UTC)
run_server(Path(sys.argv[1]), lambda: HealthInfo(now, now), "127.0.0.1", int(sys.argv[2]))
"""


def test_more_clients_than_descriptors_neither_starve_nor_flood_the_log(public: Path, sockets: ExitStack) -> None:
    # The production failure, scaled down: a process allowed 400 descriptors, 450 idle clients at
    # once (uvicorn's own settings accepted them all in one go and ran out).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_WITH_FEW_DESCRIPTORS, str(public), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        get_once_up(base_url + "/healthz", process=process)
        idle = [sockets.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10)) for _ in range(450)]
        time.sleep(1.5)  # past asyncio's 1 s accept() retry, had descriptors run out
        for sock in idle:
            sock.close()
        assert get_once_up(base_url + "/feed.rss", within=10).content == FEED  # the idle clients left
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert stderr.count(AcceptErrorLogLimit.MESSAGE) == 0, stderr[-2000:]


# --- staff logins ------------------------------------------------------------------------------

GUESSERS = 120  # each from its own loopback address, so the per-address throttle never stops them


def test_password_guessing_does_not_slow_the_public_files(public: Path, tmp_path: Path) -> None:
    # Each wrong staff login costs ~40 ms of scrypt. However many arrive, they wait their turn
    # without taking the threads that every public file lookup needs, nor the event loop.
    write_set(tmp_path / "staff", {"index.html": b"staff"})
    staff = StaffSettings(output_dir=tmp_path / "staff", password_hash=hash_password("right"))
    wrong = {"Authorization": "Basic c3RhZmY6d3Jvbmc="}  # staff:wrong
    with serving(public, lambda: HEALTHY, staff=staff) as base_url:
        assert httpx.get(base_url + "/staff/", headers=wrong, timeout=10).status_code == 401  # warmed up

        async def guess(n: int) -> int:
            transport = httpx.AsyncHTTPTransport(local_address=f"127.0.{n // 250 + 1}.{n % 250 + 2}")
            async with httpx.AsyncClient(transport=transport, timeout=60) as client:
                return (await client.get(base_url + "/staff/", headers=wrong)).status_code

        async def read_feeds() -> None:
            async with httpx.AsyncClient(timeout=60) as client:
                await asyncio.sleep(0.3)  # the guesses are queued by now
                for _ in range(5):
                    assert (await client.get(base_url + "/feed.rss")).content == FEED

        async def both() -> tuple[list[int], bool]:
            guessing = asyncio.gather(*(guess(n) for n in range(GUESSERS)))
            await read_feeds()
            # An order, not a time bound: every feed was read while logins were still waiting
            # their turn, so the guesses held neither the threads nor the event loop.
            still_guessing = not guessing.done()
            return await guessing, still_guessing

        statuses, still_guessing = asyncio.run(both())
    assert statuses == [401] * GUESSERS
    assert still_guessing, f"the {GUESSERS} wrong logins were all checked before five public feeds were read"


# --- the accept() error log --------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_accept_error_log_is_rate_limited(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("asyncio")
    monkeypatch.setattr(logger, "filters", [])  # a fresh limiter, not the one other servers share
    clock = Clock()
    logger.addFilter(AcceptErrorLogLimit(interval=60, clock=clock))
    loop = asyncio.new_event_loop()  # asyncio's own handler makes the records, as under EMFILE
    try:
        out_of_descriptors = OSError(errno.EMFILE, "Too many open files")

        def accept_fails(times: int) -> None:
            for _ in range(times):
                loop.call_exception_handler({"message": AcceptErrorLogLimit.MESSAGE, "exception": out_of_descriptors})

        with caplog.at_level(logging.ERROR, logger="asyncio"):
            accept_fails(1000)
            clock.now += 59
            accept_fails(1000)
            loop.call_exception_handler({"message": "something else"})
            clock.now += 2
            accept_fails(5)
    finally:
        loop.close()
    messages = [record.getMessage() for record in caplog.records if record.name == "asyncio"]
    assert len(messages) == 3
    assert messages[0].startswith(AcceptErrorLogLimit.MESSAGE) and "not logged" not in messages[0]
    assert messages[1].startswith("something else")
    assert messages[2].startswith(AcceptErrorLogLimit.MESSAGE)
    assert "1999 more like this since the last one were not logged" in messages[2]


def test_the_log_limit_is_installed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("asyncio")
    monkeypatch.setattr(logger, "filters", [])
    limit_accept_error_log()
    limit_accept_error_log()
    assert sum(isinstance(f, AcceptErrorLogLimit) for f in logger.filters) == 1
