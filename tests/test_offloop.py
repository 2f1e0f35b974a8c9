"""Parsing runs off the event loop, each document within a time limit: a page that takes seconds
to parse costs its own source, while a slow but ordinary partner is still collected."""

from __future__ import annotations

import asyncio
import os
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from aggregator import collect, offloop
from aggregator.collect import collect_pass
from aggregator.offloop import ParsePool, ParserDiedError, TooSlowToParseError, shared_pool
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import RSS, HostileServer, body

DEPTH = 250_000  # ~5 s to parse on the machine that found it (100,000 took ~2 s), longer as an article page
DEEP = ("<html><body>" + "<div>" * DEPTH + "<a href='/x'>t</a>" + "</div>" * DEPTH + "</body></html>").encode()


def _listing(count: int) -> bytes:
    items = "".join(
        f'<li><h3><a href="/news/{n}">Human rights forum number {n} in Osh</a></h3></li>' for n in range(count)
    )
    return f'<html lang="en"><head><title>News</title></head><body><ul class="news">{items}</ul></body></html>'.encode()


def _slow_feed(handler: BaseHTTPRequestHandler) -> None:
    """The whole answer in 2 s, well inside the 4 s fetch timeout unless the event loop stands
    still: its pieces come 0.4 s apart, so the client must keep reading as they come."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(RSS)))
    handler.end_headers()
    for start in range(0, len(RSS), len(RSS) // 5 + 1):
        handler.wfile.write(RSS[start : start + len(RSS) // 5 + 1])
        handler.wfile.flush()
        time.sleep(0.4)


def test_a_pathological_page_costs_only_its_own_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Well above an ordinary document's parse on a loaded machine, well below the deep one's.
    monkeypatch.setattr(collect, "PARSE_TIME_LIMIT", 1.5)
    routes = {"/deep": body(DEEP, "text/html"), "/news": body(_listing(3), "text/html")}
    routes |= {f"/news/{n}": body(DEEP, "text/html") for n in range(3)}  # article pages as deep
    # The slow partner on a host of its own: the per-host limit does not hold it back.
    with HostileServer(routes) as server, HostileServer({"/slow": _slow_feed}) as other:  # type: ignore[arg-type]
        sources = [
            {"id": "deep", "url": server.url("/deep"), "type": "html"},
            {"id": "listing", "url": server.url("/news"), "type": "html"},
            {"id": "slow", "url": other.url("/slow"), "type": "feed"},
        ]
        config = make_config(tmp_path, sources, fetch={"timeout": 4, "allow_private_networks": True})
        store = Store(config.database)
        store.create_schema()
        report = asyncio.run(collect_pass(config, store, everything=True))
    outcomes = {r.source_id: (r.outcome, r.error_kind, r.error_message, r.new) for r in report.reports}
    assert outcomes["slow"] == ("ok", None, None, 1)
    assert outcomes["deep"] == ("error", "too slow to parse", "document took over 1.5 s to parse", 0)
    # The listing is stored as it stands; its article pages, each over the limit, were skipped.
    assert outcomes["listing"] == ("ok", None, None, 3)
    [status] = [s for s in store.source_statuses(config.sources) if s.id == "deep"]
    assert (status.outcome, status.error_message) == ("too slow to parse", "document took over 1.5 s to parse")
    assert status.http_status == 200  # the fetch itself, as it went, is kept with the failure
    store.close()


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_a_worker_over_its_limit_is_replaced_and_the_pool_goes_on() -> None:
    pool = ParsePool(2)

    # The healthy calls' limits are generous: a fresh worker imports this module to run `_spin`,
    # which takes seconds on a loaded machine.
    async def main() -> list[object]:
        return await asyncio.gather(
            pool.run(0.3, _spin, 30.0), pool.run(60.0, _spin, 0.1), pool.run(60.0, _spin, 0.1), return_exceptions=True
        )

    started = time.monotonic()
    slow, *others = asyncio.run(main())
    assert isinstance(slow, TooSlowToParseError) and str(slow) == "document took over 0.3 s to parse"
    assert others == ["done", "done"]
    assert pool.replaced == 1
    assert asyncio.run(pool.run(60.0, _spin, 0.0)) == "done"  # the new worker, on a new event loop
    assert time.monotonic() - started < 30  # the 30 s document was cut short, not waited for
    pool.close()


def test_the_shared_pool_is_one_per_process() -> None:
    assert shared_pool() is shared_pool()


def _fail(message: str) -> None:
    raise ValueError(message)


def _die() -> None:
    os._exit(3)  # as the kernel's out-of-memory killer would end it, without an answer


def test_a_call_that_raises_or_dies_costs_its_document_not_the_pool() -> None:
    pool = ParsePool(1)

    async def main() -> None:
        with pytest.raises(ValueError, match="boom"):
            await pool.run(5.0, _fail, "boom")
        assert await pool.run(5.0, _spin, 0.0) == "done"  # the same worker, still there
        with pytest.raises(ParserDiedError):
            await pool.run(5.0, _die)
        assert await pool.run(5.0, _spin, 0.0) == "done"  # a new one

    asyncio.run(main())
    assert pool.replaced == 1
    pool.close()


def _grow(megabytes: int) -> int:
    global _kept
    _kept = bytearray(megabytes * 2**20)  # held on purpose, as a parsed giant's leftovers are
    _kept[::4096] = b"x" * len(_kept[::4096])  # touched, so resident
    return megabytes


_kept = bytearray()


def test_a_worker_grown_big_retires_after_its_answer() -> None:
    pool = ParsePool(1)

    async def main() -> None:
        assert await pool.run(10.0, _grow, 1) == 1
        assert pool.replaced == 0
        assert await pool.run(10.0, _grow, offloop.RETIRE_AFTER_GROWTH_MB + 50) == offloop.RETIRE_AFTER_GROWTH_MB + 50
        assert pool.replaced == 1
        assert await pool.run(10.0, _spin, 0.0) == "done"

    asyncio.run(main())
    pool.close()
