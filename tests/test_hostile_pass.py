"""One collection pass over a hostile web: every misbehaving source gets its stored outcome,
the good ones are still collected, memory stays bounded and nothing stored earlier is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.collect import collect_pass
from aggregator.models import Config, SourceStatus
from aggregator.store import Store
from bench.measure import load_models, peak_rss_kb, reset_peak_rss
from tests.configs import make_config
from tests.hostile import (
    BILLION_LAUGHS,
    RSS,
    HostileServer,
    body,
    gzip_bomb_2gb,
    huge,
    redirect_to,
    reset,
    status,
    trickle,
)

OTHER_RSS = RSS.replace(b"http://x/1", b"http://x/2").replace(b"One", b"Two")
HTML = b"<!DOCTYPE html><html><head><title>News</title></head><body><h1>News</h1></body></html>"
CP1251_LABELLED_UTF8 = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title><item><title>Лагерь по правам человека</title>'
    "<link>http://x/cp</link></item></channel></rss>"
).encode("cp1251")
SOURCES = {
    # id: (route, the outcome `status` must show after one pass)
    "good": (body(RSS), "ok"),
    "flaky": (body(OTHER_RSS), "ok"),
    "bomb": (gzip_bomb_2gb, "too large"),
    "huge": (huge, "too large"),
    "trickle": (trickle, "timeout"),
    "reset": (reset, "connection broken"),
    "laughs": (body(BILLION_LAUGHS), "ok"),
    "empty": (body(b""), "unusable content"),
    "html-as-feed": (body(HTML, "application/rss+xml"), "unusable content"),
    "gone": (status(410), "gone"),
    "busy": (status(429, {"Retry-After": "7200"}), "HTTP 429"),
    "broken": (status(500), "HTTP 500"),
    "moved": (redirect_to("/new-home", 301), "ok"),
    "mislabelled": (body(CP1251_LABELLED_UTF8, "application/rss+xml; charset=utf-8"), "ok"),
}


@pytest.fixture
def web() -> Iterator[HostileServer]:
    routes = {f"/{source_id}": route for source_id, (route, _) in SOURCES.items()}
    routes["/new-home"] = body(OTHER_RSS.replace(b"http://x/2", b"http://x/moved"))
    with HostileServer(routes) as server:
        yield server


def config_for(web: HostileServer, tmp_path: Path) -> Config:
    sources = [{"id": sid, "url": web.url("/" + sid), "type": "feed", "interval": "10m"} for sid in SOURCES]
    fetch = {"timeout": 2, "max_bytes": 5000000, "allow_private_networks": True}
    return make_config(tmp_path, sources, fetch=fetch)


def statuses(store: Store, config: Config) -> dict[str, SourceStatus]:
    return {status.id: status for status in store.source_statuses(config.sources)}


def test_hostile_pass(web: HostileServer, tmp_path: Path) -> None:
    config = config_for(web, tmp_path)
    store = Store(config.database)
    store.create_schema()
    load_models()  # once per process, ~150 MB: not what the pass costs
    reset_peak_rss()
    before = peak_rss_kb()
    started = datetime.now(UTC)
    report = asyncio.run(collect_pass(config, store, everything=True))
    growth_mb = (peak_rss_kb() - before) / 1024
    print(f"peak RSS growth during the hostile pass: {growth_mb:.1f} MB")
    # A 2 GB gzip bomb and a 200 MB body against a 5 MB cap: never more than a few MB each.
    assert growth_mb < 40

    assert len(report.reports) == len(SOURCES)
    found = statuses(store, config)
    for source_id, (_, outcome) in SOURCES.items():
        assert found[source_id].outcome == outcome, (source_id, found[source_id].error_message)
    for source_id in ("good", "flaky", "moved", "mislabelled"):
        assert found[source_id].items_total == 1, source_id
    titles = {story.title for story in store.latest_stories(100)}
    assert "Лагерь по правам человека" in titles  # cp1251 bytes labelled utf-8, decoded right
    assert all(len(title) < 100 for title in titles)  # no entity expansion from the laughs feed

    assert found["moved"].moved_to == web.url("/new-home")
    assert found["busy"].next_check_at is not None and found["busy"].next_check_at >= started + timedelta(hours=2)
    assert found["broken"].consecutive_failures == 1
    assert found["gone"].gone and found["gone"].next_check_at is None

    # Second pass: "flaky" breaks, "gone" is not asked again, "moved" is polled at its new home.
    web.routes["/flaky"] = status(500)
    web.hits.clear()
    asyncio.run(collect_pass(config, store, everything=True))
    found = statuses(store, config)
    assert "/gone" not in web.hits
    assert "/new-home" in web.hits and "/moved" not in web.hits
    assert (found["flaky"].outcome, found["flaky"].items_total) == ("HTTP 500", 1)
    assert any(story.url == "http://x/2" for story in store.latest_stories(100))  # nothing lost
    assert found["broken"].consecutive_failures == 2
    store.close()
