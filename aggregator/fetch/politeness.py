"""Politeness per host: robots.txt rules with their Crawl-delay, and at most N requests at once."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from protego import Protego

from aggregator.models import RobotsFile

# How long a readable robots.txt (2xx rules, or 4xx: no rules) is trusted before it is read again:
# RFC 9309's upper bound (section 2.4), which the large crawlers use too. Rules change rarely, a
# partner's new Disallow is honoured within a day, and every pass but one a day saves a request
# per host (an hour, the old value, still cost one pass in six that request on a 10-minute cron).
ROBOTS_TTL = timedelta(hours=24)
ROBOTS_RETRY = timedelta(minutes=5)  # an unavailable robots.txt (5xx, no answer) is tried again after this
MAX_CRAWL_DELAY = 30.0  # a longer Crawl-delay is shortened to this: a pass must end


def origin(url: str) -> str:
    """The part of `url` a robots.txt governs: scheme, host and port, lower case."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def unavailable_reason(file: RobotsFile) -> str | None:
    """Why this robots.txt keeps the host from being crawled now, or None when it may be.

    The usual reading: 2xx rules apply; 3xx (redirects never ending) and 4xx mean no rules; 5xx
    or no answer mean the site is not to be crawled now (it may be down, or the rules unreadable).
    """
    if file.status is None:
        return f"robots.txt unreachable ({file.error})"
    if file.status >= 500:
        return f"robots.txt answered HTTP {file.status}"
    return None


def is_fresh(file: RobotsFile, now: datetime) -> bool:
    """Whether `file` may still be used at `now` instead of reading robots.txt again."""
    return now - file.read_at < (ROBOTS_RETRY if unavailable_reason(file) else ROBOTS_TTL)


@dataclass(frozen=True)
class Robots:
    """A host's robots.txt as read, and what it says."""

    file: RobotsFile
    rules: Protego | None  # None: no rules, everything allowed

    @property
    def unavailable(self) -> str | None:
        return unavailable_reason(self.file)

    def fresh(self, now: datetime) -> bool:
        return is_fresh(self.file, now)

    def allows(self, url: str, user_agent: str) -> bool:
        return self.rules is None or self.rules.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float:
        delay = self.rules.crawl_delay(user_agent) if self.rules else None
        return min(float(delay or 0.0), MAX_CRAWL_DELAY)


def robots_from_file(file: RobotsFile) -> Robots:
    """Parse a robots.txt read now or in an earlier pass; only a 2xx answer carries rules."""
    readable = file.status is not None and 200 <= file.status < 300
    return Robots(file, Protego.parse(file.text) if readable else None)


class HostGate:
    """At most `limit` requests at once to one host, spaced by its Crawl-delay."""

    def __init__(self, limit: int) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._spacing = asyncio.Lock()
        self._next_start = 0.0
        self.robots: Robots | None = None
        self.robots_lock = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, crawl_delay: float) -> AsyncIterator[None]:
        async with self._slots:
            if crawl_delay > 0:
                async with self._spacing:
                    wait = self._next_start - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    self._next_start = time.monotonic() + crawl_delay
            yield


class Slots:
    """At most `limit` requests at once over all hosts (the global concurrency). A request
    waiting for a slot gets the next one freed before any spare work waiting (`spare=True`: a
    robots.txt read ahead of its host's sources), so spare work only fills slots that would
    otherwise stand idle."""

    def __init__(self, limit: int) -> None:
        self._free = limit
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._spare_waiting: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def take(self, *, spare: bool = False) -> AsyncIterator[None]:
        await self._acquire(spare)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, spare: bool) -> None:
        if self._free > 0 and not self._waiting and not self._spare_waiting:
            self._free -= 1
            return
        queue = self._spare_waiting if spare else self._waiting
        handed = asyncio.get_running_loop().create_future()
        queue.append(handed)
        try:
            await handed  # a slot handed over by _release, never counted free in between
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                self._release()  # handed over just as the wait was given up
            else:
                with contextlib.suppress(ValueError):
                    queue.remove(handed)
            raise

    def _release(self) -> None:
        for queue in (self._waiting, self._spare_waiting):
            while queue:
                handed = queue.popleft()
                if not handed.done():
                    handed.set_result(None)
                    return
        self._free += 1
