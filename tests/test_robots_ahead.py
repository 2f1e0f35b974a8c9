"""Robots.txt read ahead of a host's requests, in global slots no request is waiting for."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from datetime import UTC, datetime

from aggregator.fetch import Fetcher
from aggregator.fetch.politeness import Slots
from aggregator.models import FetchSettings, RobotsFile
from tests.hostile import RSS, HostileServer, body

SETTINGS = FetchSettings(user_agent="test-agent", allow_private_networks=True, timeout=2.0, concurrency=1)


def test_a_freed_slot_goes_to_a_waiting_request_before_spare_work_that_waited_longer() -> None:
    async def scenario() -> list[str]:
        slots = Slots(1)
        order: list[str] = []

        async def take(name: str, *, spare: bool) -> None:
            async with slots.take(spare=spare):
                order.append(name)
                await asyncio.sleep(0)

        async with slots.take():
            spare = asyncio.create_task(take("spare", spare=True))
            await asyncio.sleep(0)
            request = asyncio.create_task(take("request", spare=False))
            await asyncio.sleep(0)
        await asyncio.gather(spare, request)
        async with slots.take(spare=True):  # every slot free again: spare work goes at once
            order.append("spare again")
        return order

    assert asyncio.run(scenario()) == ["request", "spare", "spare again"]


def test_a_waiter_given_up_leaves_its_slot_to_the_others() -> None:
    async def scenario() -> bool:
        slots = Slots(1)
        async with slots.take():
            gone = asyncio.create_task(slots._acquire(spare=False))
            await asyncio.sleep(0)
            gone.cancel()
            await asyncio.gather(gone, return_exceptions=True)
        async with asyncio.timeout(1), slots.take():
            return True

    assert asyncio.run(scenario())


def test_robots_txt_read_ahead_is_read_once_per_host_and_used_by_its_requests() -> None:
    routes = {"/robots.txt": body(b"User-agent: *\nDisallow: /private\n", "text/plain"), "/feed": body(RSS)}
    now = datetime.now(UTC)
    with ExitStack() as stack:
        sites = [stack.enter_context(HostileServer(routes)) for _ in range(3)]  # type: ignore[arg-type]
        known = RobotsFile(sites[2].base_url, 200, "User-agent: *\nAllow: /\n", now)

        async def go() -> tuple[list[str], list[str], list[str]]:
            async with Fetcher(SETTINGS, robots_files=[known], now=lambda: now) as fetcher:
                await fetcher.read_robots_ahead([site.base_url for site in sites])
                read = sorted(file.origin for file in fetcher.take_robots_read())
                outcomes = [(await fetcher.fetch(site.url("/feed"))).outcome for site in sites]
                blocked = (await fetcher.fetch(sites[0].url("/private"))).error_kind
                return read, outcomes, [blocked or ""]

        read, outcomes, blocked = asyncio.run(go())
    assert read == sorted(site.base_url for site in sites[:2])  # the third's stored file is fresh
    assert outcomes == ["ok"] * 3 and blocked == ["blocked by robots.txt"]
    assert [site.hits for site in sites] == [["/robots.txt", "/feed"], ["/robots.txt", "/feed"], ["/feed"]]
