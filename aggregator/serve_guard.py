"""Keep slow or too many clients from starving `serve`: request deadlines, a stalled-send
timeout, a connection cap, and a rate limit on asyncio's "out of file descriptors" log line.

uvicorn bounds only the idle time between requests (`timeout_keep_alive`), and any byte received
restarts that; nothing bounds how long a request takes to arrive. 500 clients sending their
headers a byte at a time held 500 connections for as long as they liked, and 1,100 of them ran the
process out of file descriptors: normal requests timed out while asyncio logged its accept()
failure 374,196 times in 30 s. So each connection gets a deadline for its request, a response
the client stops reading is dropped, connections over a cap are closed as soon as they are
accepted, and that log line is let through once a minute.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "BACKLOG",
    "DEFAULT_LIMITS",
    "KEEP_ALIVE_TIMEOUT",
    "AcceptErrorLogLimit",
    "Limits",
    "connection_limit",
    "guarded_protocol",
    "limit_accept_error_log",
]

# uvicorn's default, stated here because it matters: feed readers reuse a connection for the
# next request at once or not at all.
KEEP_ALIVE_TIMEOUT = 5


@dataclass(frozen=True)
class Limits:
    """How long and how many; the defaults are for production, tests pass small ones."""

    # A request line and headers are well under 1 KB, which even a poor mobile link delivers in a
    # few round trips; 10 s leaves room for that and still frees a slow client's connection soon.
    request_timeout: float = 10.0
    # How long a response may wait for the client to take any of it (nginx's send_timeout): a
    # slow link still drains the 64 KB buffer within seconds; a client that reads nothing, never.
    send_timeout: float = 60.0
    # Feed readers poll, each with a connection or two; a thousand at once is far beyond this
    # service's audience and still cheap for asyncio. Lowered to fit the descriptor limit.
    max_connections: int = 1000


DEFAULT_LIMITS = Limits()

# The listen queue, and also how many connections asyncio accepts in one pass of its loop before
# any of them reaches the protocol (and the cap below): up to this many descriptors are taken at
# once on top of the capped ones. uvicorn's 2048 alone was more than a 1024 descriptor limit.
BACKLOG = 128
# Descriptors kept for everything but client sockets: the listening socket, log files, the
# database, the thread pool's files, the interpreter's own.
_RESERVED_DESCRIPTORS = 64


def connection_limit(wanted: int) -> int:
    """`wanted`, lowered so that the connections, the files being sent to them (one each) and a
    burst of BACKLOG just accepted fit in the process's RLIMIT_NOFILE, often only 1024."""
    try:
        import resource  # POSIX only
    except ImportError:
        return wanted
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, (soft - _RESERVED_DESCRIPTORS - BACKLOG) // 2))


class _GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on receiving each request, a timeout on a stalled
    response, and a connection cap."""

    # guarded_protocol sets both; max_connections is limits.max_connections after connection_limit.
    limits = DEFAULT_LIMITS
    max_connections = limits.max_connections

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._stalled: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            # Closed before reading a byte: its descriptor is free again at once, where waiting
            # for the client to speak is what ran the process out of them.
            transport.close()
            return
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        # IDLE: the request line and headers are not all in; SEND_BODY: the body is not. Any
        # other state means the request is complete (or the connection is over).
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The connection is kept alive and waits for the next request, which gets the same time.
        # (A pipelined request already read leaves their_state past IDLE: nothing to arm.)
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()

    def pause_writing(self) -> None:
        # The transport's buffer is full: the client has not taken what was sent so far.
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(self.limits.send_timeout, self._drop)

    def resume_writing(self) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None
        super().resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.limits.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _drop(self) -> None:
        # abort, not close: close would wait, for ever, to hand the client the rest.
        self._stalled = None
        self.transport.abort()


def guarded_protocol(limits: Limits) -> type[H11Protocol]:
    """The protocol class to give uvicorn.Config as `http=`."""
    return type(
        "GuardedH11Protocol",
        (_GuardedH11Protocol,),
        {"limits": limits, "max_connections": connection_limit(limits.max_connections)},
    )


class AcceptErrorLogLimit(logging.Filter):
    """Lets asyncio's "socket.accept() out of system resource" through once per `interval`.

    asyncio logs it for each failed accept() and, on Linux, retries the whole backlog every loop
    pass while descriptors are exhausted: 12,000 lines a second, filling the disk. The line that
    gets through says how many were held back since the last one.
    """

    MESSAGE = "socket.accept() out of system resource"

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.interval, self.clock = interval, clock
        self._lock = threading.Lock()  # servers in several threads (tests, the demo) share the logger
        self._next_at = -math.inf
        self._held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not (isinstance(record.msg, str) and record.msg.startswith(self.MESSAGE)):
            return True
        with self._lock:
            now = self.clock()
            if now < self._next_at:
                self._held_back += 1
                return False
            self._next_at = now + self.interval
            held_back, self._held_back = self._held_back, 0
        if held_back and not record.args:
            record.msg += f"\n({held_back} more like this since the last one were not logged)"
        return True


def limit_accept_error_log(logger: logging.Logger | None = None) -> None:
    """Install AcceptErrorLogLimit on asyncio's logger, once per process."""
    logger = logger or logging.getLogger("asyncio")
    if not any(isinstance(existing, AcceptErrorLogLimit) for existing in logger.filters):
        logger.addFilter(AcceptErrorLogLimit())
