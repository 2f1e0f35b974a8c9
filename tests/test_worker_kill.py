"""Four worker processes on the real PostgreSQL, one killed with SIGKILL in the middle of a pass.

Checks what the distributed collection promises: the dead worker's sources are collected again
within the recovery time (heartbeats + the periodic recovery task), no source is ever fetched by two
workers at once (the per-source `lock`), no item is lost or stored twice (idempotent store), and
no job is left `doing`. Half of the dead worker's sources also get a newer waiting job before the
recovery, as a tick landing during the outage would queue: the recovery must fail the stalled job
instead of retrying it (procrastinate issue 1446). Needs AGGREGATOR_TEST_POSTGRES; takes ~1 minute.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import sqlalchemy as sa

from aggregator.config import load_config
from aggregator.worker import COLLECT_TASK, build_app, defer_collect
from tests.hostile import HostileServer, Route, send

SOURCES = 200
WORKERS = 4
CONCURRENCY = 8  # jobs per worker; the fetcher's per_host (2) lets 2 of them talk to the server at once
LATENCY = 0.4  # seconds per feed response: a pass takes ~10 s, so the kill lands mid-pass
ITEMS = 2  # per source, each its own story
RECOVERY_LIMIT = 60.0  # seconds from the kill until each of the dead worker's sources is collected again


@dataclass
class Fetch:
    source: str
    agent: str
    started: float
    ended: float | None = None


@dataclass
class FeedFarm:
    """SOURCES slow feeds on one loopback server, each fetch recorded; a second request for a
    source while one is in flight is a violation."""

    fetches: list[Fetch] = field(default_factory=list)
    in_flight: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def routes(self) -> dict[str, Route]:
        return {f"/s/{n:03d}": self._feed(f"s{n:03d}") for n in range(SOURCES)}

    def _feed(self, source: str) -> Route:
        items = "".join(
            f"<item><title>{source} post {i}</title><link>https://{source}.example/post-{i}</link></item>"
            for i in range(ITEMS)
        )
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{source}</title>{items}</channel></rss>'

        def route(handler: BaseHTTPRequestHandler) -> None:
            fetch = Fetch(source, handler.headers.get("User-Agent", ""), time.monotonic())
            with self.lock:
                if self.in_flight.get(source, 0):
                    self.violations.append(source)
                self.in_flight[source] = self.in_flight.get(source, 0) + 1
                self.fetches.append(fetch)
            try:
                time.sleep(LATENCY)
                send(handler, 200, xml.encode(), {"Content-Type": "application/rss+xml"})
                fetch.ended = time.monotonic()
            finally:
                with self.lock:
                    self.in_flight[source] -= 1

        return route

    def completed(self) -> int:
        with self.lock:
            return sum(1 for fetch in self.fetches if fetch.ended)

    def in_flight_by(self, agent: str) -> set[str]:
        with self.lock:
            return {f.source for f in self.fetches if f.agent == agent and f.ended is None}


@pytest.fixture
def farm() -> Iterator[tuple[FeedFarm, HostileServer]]:
    farm = FeedFarm()
    with HostileServer(farm.routes()) as server:
        yield farm, server


def write_configs(directory: Path, server: HostileServer, database: str) -> list[Path]:
    sources = "".join(
        f"  - {{id: s{n:03d}, url: '{server.url(f'/s/{n:03d}')}', type: feed, interval: 1h}}\n" for n in range(SOURCES)
    )
    paths = []
    for number in range(WORKERS):  # the same config but the User-Agent, so the server tells workers apart
        path = directory / f"worker-{number}.yaml"
        path.write_text(
            f"title: T\nlink: https://x.org/\ndatabase: {database}\noutput_dir: public\n"
            f"fetch: {{allow_private_networks: true, user_agent: worker-{number}}}\nsources:\n{sources}",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_killed_worker_loses_nothing_and_overlaps_nothing(
    tmp_path: Path, database_url: str, farm: tuple[FeedFarm, HostileServer]
) -> None:
    feeds, server = farm
    configs = write_configs(tmp_path, server, database_url)
    engine = sa.create_engine(database_url)
    logs = [(tmp_path / f"worker-{n}.log").open("w") for n in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aggregator",
                "--config",
                str(config),
                "-v",
                "worker",
                "--concurrency",
                str(CONCURRENCY),
            ],
            stderr=log,
            stdout=log,
        )
        for config, log in zip(configs, logs, strict=True)
    ]

    def scalar(query: str, **params: object) -> object:
        with engine.connect() as conn:
            return conn.execute(sa.text(query), params).scalar_one()

    try:
        wait_for(lambda: feeds.completed() >= 40, 60, "the pass to get going")
        # The victim: a worker with fetches in flight right now, so it surely dies holding jobs.
        victim = max(range(WORKERS), key=lambda n: len(feeds.in_flight_by(f"worker-{n}")))
        caught_fetching = feeds.in_flight_by(f"worker-{victim}")
        os.kill(workers[victim].pid, signal.SIGKILL)
        killed_at, killed_wall = time.monotonic(), datetime.now(UTC)
        assert caught_fetching, "the victim had nothing in flight"
        workers[victim].wait(timeout=10)

        # Its jobs, as procrastinate recorded them: `doing`, owned by its (now silent) worker id.
        with engine.connect() as conn:
            (victim_worker,) = conn.execute(
                sa.text(
                    "SELECT DISTINCT worker_id FROM procrastinate_jobs "
                    "WHERE status = 'doing' AND args->>'source_id' = ANY(:sources)"
                ),
                {"sources": sorted(caught_fetching)},
            ).scalars()
            stalled = dict(
                conn.execute(
                    sa.text(
                        "SELECT args->>'source_id', id FROM procrastinate_jobs "
                        "WHERE status = 'doing' AND worker_id = :w AND task_name = :t"
                    ),
                    {"w": victim_worker, "t": COLLECT_TASK},
                ).all()
            )
        assert caught_fetching & set(stalled)
        superseded = sorted(stalled)[::2]  # a newer waiting job for these, as a tick in the outage queues
        asyncio.run(_defer_again(configs[0], superseded))

        def all_done() -> bool:
            collected = scalar("SELECT count(*) FROM sources WHERE last_outcome = 'ok'")
            pending = scalar(
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name = :t AND status IN ('todo', 'doing')",
                t=COLLECT_TASK,
            )
            return collected == SOURCES and pending == 0

        wait_for(all_done, RECOVERY_LIMIT + 30, "every source collected and no collect job pending")

        # Each of the dead worker's sources was fetched again after the kill by another worker,
        # unless its results had been stored just before the kill (then the retry rightly skips).
        recovery = 0.0
        for source in stalled:
            again = [f for f in feeds.fetches if f.source == source and f.started > killed_at and f.ended]
            if again:
                assert {f.agent for f in again} != {f"worker-{victim}"}
                recovery = max(recovery, min(f.ended for f in again if f.ended) - killed_at)
            else:
                stored_at = scalar("SELECT last_fetch_at FROM sources WHERE id = :s", s=source)
                assert stored_at is not None and stored_at < killed_wall, f"{source} was never collected again"
        print(f"\nkilled worker-{victim} holding {len(stalled)} jobs; all collected again within {recovery:.1f} s")
        assert recovery <= RECOVERY_LIMIT

        assert feeds.violations == []  # no source was ever fetched twice at once
        assert scalar("SELECT count(*) FROM stories") == SOURCES * ITEMS
        assert scalar("SELECT count(*) FROM sightings") == SOURCES * ITEMS
        with engine.connect() as conn:
            statuses = dict(
                conn.execute(
                    sa.text("SELECT id, status::text FROM procrastinate_jobs WHERE id = ANY(:ids)"),
                    {"ids": list(stalled.values())},
                ).all()
            )
        superseded_ids = {stalled[source] for source in superseded}
        assert all(statuses[job_id] == "failed" for job_id in superseded_ids)  # 1446: failed, not retried
        # The others were retried, unless a real tick (every minute) also queued their source meanwhile.
        assert set(statuses.values()) <= {"failed", "succeeded"}

        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for number, worker in enumerate(workers):
            code = worker.wait(timeout=30)
            assert code == (-signal.SIGKILL if number == victim else 0), (tmp_path / f"worker-{number}.log").read_text()
        assert scalar("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'") == 0
    except BaseException:
        for number in range(WORKERS):
            print(f"--- worker-{number} log (tail) ---\n" + "\n".join(
                (tmp_path / f"worker-{number}.log").read_text().splitlines()[-30:]
            ))  # fmt: skip
        raise
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        for log in logs:
            log.close()
        engine.dispose()


async def _defer_again(config_path: Path, sources: list[str]) -> None:
    app = build_app(load_config(config_path))
    async with app.open_async():
        for source in sources:
            await defer_collect(app, source)  # False if the minute's tick just did the same
