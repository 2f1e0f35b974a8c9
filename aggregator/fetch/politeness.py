"""Politeness per host: robots.txt rules with their Crawl-delay, and at most N requests at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from protego import Protego

ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted before it is read again
ROBOTS_RETRY = 300.0  # seconds before an unreadable robots.txt is tried again
MAX_CRAWL_DELAY = 30.0  # a longer Crawl-delay is shortened to this: a pass must end


@dataclass
class Robots:
    """What a host's robots.txt says, or why it could not be read."""

    rules: Protego | None  # None: no rules, everything allowed
    unavailable: str | None  # robots.txt answered 5xx or not at all: the host is tried later
    read_at: float

    def fresh(self, now: float) -> bool:
        return now - self.read_at < (ROBOTS_RETRY if self.unavailable else ROBOTS_TTL)

    def allows(self, url: str, user_agent: str) -> bool:
        return self.rules is None or self.rules.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float:
        delay = self.rules.crawl_delay(user_agent) if self.rules else None
        return min(float(delay or 0.0), MAX_CRAWL_DELAY)


def robots_from_response(status: int, text: str, now: float) -> Robots:
    """The usual reading of a robots.txt answer: 2xx rules apply; 4xx means no rules; 5xx means
    the site is not to be crawled now (it may be down, or the rules may be unreadable)."""
    if status >= 500:
        return Robots(None, f"robots.txt answered HTTP {status}", now)
    if status >= 400:
        return Robots(None, None, now)
    return Robots(Protego.parse(text), None, now)


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
