"""The order a collection pass takes its sources in (`HostTurns`), and how many of one host's
sources it keeps under way at once (`sources_at_once`)."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable, Iterable

from aggregator.fetch import Fetcher
from aggregator.models import SourceConfig


class HostTurns:
    """The order a pass takes its sources in: hosts take turns, and a host with as many of its
    sources under way as it takes at once (`limit`) is passed over until one is done: another
    runner would only wait there while other hosts' sources could go.

    `take` gives None when every host left is at its limit; `next` waits instead, until a source
    is done or a limit rises (`limits_changed`: a host's robots.txt was read), and gives None only
    when no source is left. So however the sources spread over hosts, every runner stays at work
    while the limits allow: one host's sources wait for its robots.txt, then go `limit` at a time.
    """

    def __init__(self, sources: Iterable[tuple[str, SourceConfig]], limit: Callable[[str], int]) -> None:
        self._waiting: dict[str, deque[SourceConfig]] = {}  # hosts in turn order
        for host, source in sources:
            self._waiting.setdefault(host, deque()).append(source)
        self._under_way: Counter[str] = Counter()
        self._limit = limit
        self._changed = asyncio.Event()

    def take(self) -> tuple[str, SourceConfig] | None:
        for host, queue in self._waiting.items():
            if self._under_way[host] < max(1, self._limit(host)):
                source = queue.popleft()
                del self._waiting[host]
                if queue:
                    self._waiting[host] = queue  # to the back of the line
                self._under_way[host] += 1
                return host, source
        return None

    async def next(self) -> tuple[str, SourceConfig] | None:
        while self._waiting:
            turn = self.take()
            if turn is not None:
                return turn
            # No await between the failed take and the wait: a change cannot slip in between.
            self._changed.clear()
            await self._changed.wait()
        return None

    def done(self, host: str) -> None:
        self._under_way[host] -= 1
        self._changed.set()

    def limits_changed(self) -> None:
        self._changed.set()


def sources_at_once(fetcher: Fetcher, host: str, runners_per_slot: int) -> int:
    """How many of `host`'s sources a pass keeps under way: `runners_per_slot` per request the
    host takes at once (while one is parsed or stored, the next holds its request slot), but one
    when the host takes one request at a time (its robots.txt being read, or a Crawl-delay),
    since a second source would only wait for the first."""
    requests = fetcher.requests_at_once(host)
    return requests if requests == 1 else runners_per_slot * requests
