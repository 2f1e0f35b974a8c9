"""Where a pass's wall time goes: requests under way over time, and the event loop's busy time.

`watched()` wraps one `collect_pass` run: every request the pass's fetcher makes is timed from
when it leaves until its answer is closed (robots.txt reads told apart), and a sampler on the
same event loop measures how late it wakes (a late wake is a stretch of CPU work on the loop,
while answers wait to be read). `shape()` turns that into figures: how long fewer requests than
the global limit were under way, the mean under way, the share of robots.txt requests, the
loop's CPU share and its blocked stretches (lateness over 10 ms, summed).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import aggregator.collect
from aggregator.fetch import Fetcher

T = TypeVar("T")
TICK = 0.005  # the sampler's sleep
BLOCKED = 0.010  # lateness over this counts as the loop blocked


@dataclass
class _Log:
    events: list[tuple[float, int, bool]] = field(default_factory=list)  # (time, +1/-1, robots.txt)
    lateness: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class PassShape:
    requests: int
    robots_requests: int
    mean_in_flight: float
    below_limit_share: float  # of the wall, fewer requests under way than `concurrency`
    idle_share: float  # of the wall, no request under way at all
    loop_cpu_share: float  # the loop thread's CPU over the wall
    loop_blocked_s: float  # sum of the sampler's lateness over BLOCKED


@contextlib.contextmanager
def _counting(log: _Log) -> Iterator[None]:
    """collect_pass's fetcher, counting its requests (the one way out, `Fetcher._request`)."""

    class Counting(Fetcher):
        @contextlib.asynccontextmanager
        async def _request(self, method, url, headers=None, data=None, content=None) -> AsyncIterator[object]:  # type: ignore[override]
            robots = url.endswith("/robots.txt")
            log.events.append((time.monotonic(), 1, robots))
            try:
                async with super()._request(method, url, headers, data, content) as response:
                    yield response
            finally:
                log.events.append((time.monotonic(), -1, robots))

    original = aggregator.collect.Fetcher
    aggregator.collect.Fetcher = Counting  # type: ignore[misc]
    try:
        yield
    finally:
        aggregator.collect.Fetcher = original  # type: ignore[misc]


async def _sampled(run: Awaitable[T], log: _Log) -> T:
    async def sample() -> None:
        while True:
            due = time.monotonic() + TICK
            await asyncio.sleep(TICK)
            log.lateness.append(time.monotonic() - due)

    sampler = asyncio.create_task(sample())
    try:
        return await run
    finally:
        sampler.cancel()


def watched(run: Awaitable[T], concurrency: int) -> tuple[T, PassShape]:
    """Run `run` (a collect_pass coroutine, not yet started) with its requests and loop watched."""
    log = _Log()
    with _counting(log):
        started, cpu = time.monotonic(), time.thread_time()
        result = asyncio.run(_sampled(run, log))
        wall, cpu = time.monotonic() - started, time.thread_time() - cpu
    return result, shape(log, started, wall, cpu, concurrency)


def shape(log: _Log, started: float, wall: float, loop_cpu: float, concurrency: int) -> PassShape:
    below = idle = weighted = 0.0
    under_way, last = 0, started
    for at, step, _ in sorted(log.events):
        span = at - last
        weighted += under_way * span
        below += span if under_way < concurrency else 0.0
        idle += span if under_way == 0 else 0.0
        under_way, last = under_way + step, at
    tail = started + wall - last  # after the last answer: storing the last batch
    below, idle = below + tail, idle + tail
    return PassShape(
        requests=sum(step > 0 for _, step, _ in log.events),
        robots_requests=sum(step > 0 and robots for _, step, robots in log.events),
        mean_in_flight=round(weighted / wall, 1),
        below_limit_share=round(below / wall, 2),
        idle_share=round(idle / wall, 2),
        loop_cpu_share=round(loop_cpu / wall, 2),
        loop_blocked_s=round(sum(late for late in log.lateness if late > BLOCKED), 2),
    )
