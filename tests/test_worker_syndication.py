"""Many workers at once (issue 22), on the real PostgreSQL: 4 worker processes, 100 sources carrying
50 syndicated posts between them (bench/syndicated.py), all due at once. Each post is published
once and no source fails, whatever order the transactions storing a post's copies commit in."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import sqlalchemy as sa

from aggregator.cli import main
from aggregator.store import Store, sources
from aggregator.worker import build_app, defer_collect
from bench.syndicated import SOURCES, STORIES, carried_by, feed, racing_order
from tests.configs import make_config
from tests.hostile import HostileServer, Route, send

WORKERS = 4
CONCURRENCY = 8
WAVE = 0.5  # seconds


def _count(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


async def _defer_all(config) -> None:
    """Every source at once, in fours that carry the same posts (jobs are taken in this order)."""
    app = build_app(config)
    async with app.open_async():
        for n in racing_order():
            assert await defer_collect(app, f"s{n:03d}", force=True)


def _in_waves(content: bytes) -> Route:
    """Answer at the next half second: the feeds fetched together reach the store together."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(WAVE - time.monotonic() % WAVE)
        send(handler, 200, content, {"Content-Type": "application/rss+xml"})

    return route


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_four_workers_store_each_syndicated_post_once(tmp_path: Path, database_url: str) -> None:
    with HostileServer({}) as server:
        site = server.url("").rstrip("/")
        server.routes.update({f"/feed/{n}": _in_waves(feed(n, site)) for n in range(SOURCES)})
        listed = [{"id": f"s{n:03d}", "url": server.url(f"/feed/{n}"), "type": "feed", "interval": "1h"}
                  for n in range(SOURCES)]  # fmt: skip
        config = make_config(tmp_path, listed, write=True, database=database_url, output_dir=str(tmp_path / "public"),
                             fetch={"allow_private_networks": True, "concurrency": CONCURRENCY, "per_host": 8})  # fmt: skip
        path = str(tmp_path / "sources.yaml")
        assert main(["--config", path, "migrate"]) == 0
        store = Store(database_url)
        store.sync_sources(config.sources)
        with store.engine.begin() as conn:  # parked, so the pass starts when every worker is up
            conn.execute(sources.update().values(next_check_at=datetime.now(UTC) + timedelta(days=1)))
        logs = [(tmp_path / f"worker-{n}.log").open("wb") for n in range(WORKERS)]
        command = [sys.executable, "-m", "aggregator", "--config", path, "worker", "--concurrency", str(CONCURRENCY),
                   "--queue", "collect"]  # fmt: skip
        workers = [subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT) for log in logs]
        try:
            _wait_for(lambda: _count(store.engine, "SELECT count(*) FROM procrastinate_workers") == WORKERS, 60,
                      "the workers to start")  # fmt: skip
            time.sleep(1.0)
            asyncio.run(_defer_all(config))  # all due at once
            _wait_for(
                lambda: _count(store.engine, "SELECT count(*) FROM sources WHERE last_fetch_at IS NOT NULL") == SOURCES,
                120,
                "every source to be collected",
            )
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(30)
            for log in logs:
                log.close()
        failed = _count(store.engine, "SELECT count(*) FROM sources WHERE last_outcome <> 'ok'")
        errors = [line for n in range(WORKERS) for line in (tmp_path / f"worker-{n}.log").read_text().splitlines()
                  if "storing failed" in line or "deadlock" in line]  # fmt: skip
        assert failed == 0, errors[:5]
        assert _count(store.engine, "SELECT count(*) FROM sightings") == SOURCES * 2
        store.close()
        assert main(["--config", path, "publish"]) == 0

    items = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))["items"]
    titles = [item["title"] for item in items]
    assert len(titles) == len(set(titles)) == STORIES, sorted(titles)  # each post once
    carriers = {item["title"]: 1 + len(item.get("_also_published_by", [])) for item in items}
    assert all(count == 4 for count in carriers.values()), carriers  # every copy joined its post
    assert {story for n in range(SOURCES) for story in carried_by(n)} == set(range(STORIES))
