"""Many workers at once (issue 22), on the real PostgreSQL: 4 worker processes, 100 sources carrying
50 syndicated posts between them (bench/syndicated.py), all due at once. Each post is published
once and no source fails, whatever order the transactions storing a post's copies commit in.

Alongside, MERGED posts whose copies only a merge brings together (store.story_merge), each on
hosts of its own (a shared host's site key would make their batches wait for each other): the
partner's news page gives the headline alone, a digest its own headline and a cut excerpt
(stored apart: nothing ties it to the headline), the partner's feed the excerpt (the story is
matched again and the digest's copy merged into it), and a mirror links the digest's copy by its
address. The pages and digests are collected first; then each post's feed and mirror are due
together with everything else, so the merge may run while another worker attaches a sighting
to the copy it deletes (tests/test_store_merge_race.py forces both interleavings)."""

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
from bench.syndicated import SOURCES, STORIES, carried_by, feed, racing_order, story_words
from tests.configs import make_config
from tests.hostile import HostileServer, Route, send

WORKERS = 4
CONCURRENCY = 8
WAVE = 0.5  # seconds
MERGED = 10
PARTS = ("page", "digest", "feed", "mirror")  # the sources of each merged post, in the order they are due


def _count(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


async def _defer(config, source_ids: list[str]) -> None:
    """These sources at once (jobs are taken in this order)."""
    app = build_app(config)
    async with app.open_async():
        for source_id in source_ids:
            assert await defer_collect(app, source_id, force=True)


def _merged_sources(parts: tuple[str, ...]) -> list[str]:
    return [f"m{post}-{part}" for post in range(MERGED) for part in parts]


def _merged_feed(post: int, part: str) -> bytes:
    """What source `part` of merged post `post` lists (see the module's docstring)."""
    title, summary = story_words(1000 + post)
    address = f"https://partner{post}.example.kg/news/post-{post}/"
    copy = f"https://digest{post}.example.net/items/{post}"
    words = title.split()
    item = {
        "page": (address, address, title, "", 0),
        "digest": (copy, copy, f"Partner news {post}: {' '.join(words[4:]).title()} and {words[0]}",
                   " ".join(summary.split()[:12]) + " …", 1),
        "feed": (address, address, title, summary, 0),
        "mirror": (f"mirror-{post}", copy, story_words(2000 + post)[0], "", 2),
    }[part]  # fmt: skip
    guid, link, headline, excerpt, days_later = item
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{part} {post}</title><language>en</language>"
        f"<item><guid>{guid}</guid><title>{headline}</title><link>{link}</link>"
        f"<pubDate>{28 + days_later} Nov 2026 10:00:00 +0600</pubDate>"
        + (f"<description>{excerpt}</description>" if excerpt else "")
        + "</item></channel></rss>"
    ).encode()


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
        listed += [{"id": f"m{post}-{part}", "url": server.url(f"/merged/{post}/{part}"), "type": "feed",
                    "interval": "1h"} for post in range(MERGED) for part in PARTS]  # fmt: skip
        config = make_config(tmp_path, listed, write=True, database=database_url, output_dir=str(tmp_path / "public"),
                             fetch={"allow_private_networks": True, "concurrency": CONCURRENCY, "per_host": 8})  # fmt: skip
        path = str(tmp_path / "sources.yaml")
        assert main(["--config", path, "migrate"]) == 0
        store = Store(database_url)
        server.routes.update({f"/merged/{post}/{part}": _in_waves(_merged_feed(post, part))
                              for post in range(MERGED) for part in PARTS})  # fmt: skip
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
            # The merged posts' pages and digests first: the copies a feed's batch then merges.
            asyncio.run(_defer(config, _merged_sources(("page", "digest"))))
            _wait_for(lambda: _count(store.engine, "SELECT count(*) FROM sources WHERE last_fetch_at IS NOT NULL")
                      == MERGED * 2, 60, "the pages and digests to be collected")  # fmt: skip
            # Then all due at once: each merged post's feed and mirror together, and the
            # syndicated sources in fours that carry the same posts.
            asyncio.run(_defer(config, _merged_sources(("feed", "mirror")) + [f"s{n:03d}" for n in racing_order()]))
            _wait_for(
                lambda: (
                    _count(store.engine, "SELECT count(*) FROM sources WHERE last_fetch_at IS NOT NULL")
                    == SOURCES + MERGED * len(PARTS)
                ),
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
        with store.engine.connect() as conn:
            failed = conn.execute(
                sa.text("SELECT id, last_error_kind, last_error_message FROM sources WHERE last_outcome <> 'ok'")
            ).all()
        errors = [line for n in range(WORKERS) for line in (tmp_path / f"worker-{n}.log").read_text().splitlines()
                  if "storing failed" in line or "deadlock" in line]  # fmt: skip
        assert not failed, (failed[:5], errors[:5])
        assert _count(store.engine, "SELECT count(*) FROM sightings") == SOURCES * 2 + MERGED * len(PARTS)
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT source_id, story_id, merge_reason FROM sightings WHERE source_id LIKE 'm%'")
            )
            merged = {tuple(source.split("-")): (story, reason) for source, story, reason in rows}
        store.close()
        # Each merged post is one story holding its four sources' sightings; the digest's copy got
        # there by a merge (stored apart, then matched again once the feed gave the excerpt).
        assert len(merged) == MERGED * len(PARTS)
        for post in range(MERGED):
            assert len({merged[f"m{post}", part][0] for part in PARTS}) == 1, merged
            assert merged[f"m{post}", "digest"][1].endswith("matched again"), merged
        assert main(["--config", path, "publish"]) == 0

    items = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))["items"]
    titles = [item["title"] for item in items]
    assert len(titles) == len(set(titles)) == STORIES + MERGED, sorted(titles)  # each post once
    carriers = {item["title"]: 1 + len(item.get("_also_published_by", [])) for item in items}
    assert all(count == 4 for count in carriers.values()), carriers  # every copy joined its post
    assert {story for n in range(SOURCES) for story in carried_by(n)} == set(range(STORIES))
