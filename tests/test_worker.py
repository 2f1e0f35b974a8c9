"""The procrastinate worker's tasks: wiring on procrastinate's in-memory connector, and the two
known recovery pitfalls on the real PostgreSQL (skipped without AGGREGATOR_TEST_POSTGRES)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from procrastinate.testing import InMemoryConnector

from aggregator.config import ConfigError
from aggregator.models import Config, FetchResult, SourceConfig
from aggregator.worker import (
    COLLECT_QUEUE,
    COLLECT_TASK,
    DUE_TASK,
    PUBLISH_DELAY,
    PUBLISH_LOCK,
    PUBLISH_TASK,
    RECOVER_TASK,
    STALLED_AFTER,
    CollectorApp,
    apply_schema,
    bounded_store_url,
    build_app,
    defer_collect,
    libpq_url,
    recover_stalled_jobs,
)
from tests.configs import make_config
from tests.hostile import HostileServer, body

POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def rss(*numbers: int, site: str = "x", comment: str = "") -> bytes:
    items = "".join(f"<item><title>Post {n}</title><link>http://{site}/{n}</link></item>" for n in numbers)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel>{comment}</rss>'.encode()


def worker_config(tmp_path: Path, database: str, sources: dict[str, str]) -> Config:
    listed = [{"id": sid, "url": url, "type": "feed", "interval": "1h"} for sid, url in sources.items()]
    return make_config(tmp_path, listed, database=database, output_dir="public")


def run(app: CollectorApp, work: Callable[[], Awaitable[Any]]) -> Any:
    """Run `work` with the app open, then close the worker's Store and Fetcher."""

    async def main() -> Any:
        async with app.open_async():
            try:
                return await work()
            finally:
                await app.close_resources()

    return asyncio.run(main())


async def drain(app: CollectorApp) -> None:
    """Run every job that can run now, one at a time, then stop (no periodic deferring)."""
    app.periodic_registry.periodic_tasks.clear()
    await app.run_worker_async(wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1)


def jobs_of(connector: InMemoryConnector, task: str) -> list[dict[str, Any]]:
    return [job for job in connector.jobs.values() if job["task_name"] == task]


MemoryApp = tuple[CollectorApp, InMemoryConnector, HostileServer]


@pytest.fixture
def memory_app(tmp_path: Path) -> Iterator[MemoryApp]:
    routes = {f"/{name}": body(rss(1, 2, site=name)) for name in ("a", "b", "c")}
    with HostileServer(routes) as server:
        config = worker_config(
            tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", {name: server.url(f"/{name}") for name in ("a", "b", "c")}
        )
        connector = InMemoryConnector()
        app = build_app(config, connector=connector)
        app.store().create_schema()
        app.store().sync_sources(config.sources)
        yield app, connector, server


# --- wiring --------------------------------------------------------------------------------------


def test_tasks_are_declared_for_the_recovery_pitfalls(tmp_path: Path) -> None:
    config = worker_config(tmp_path, "postgresql+psycopg://u@h/db", {"a": "http://127.0.0.1/"})
    app = build_app(config)
    periodic = {task.task.name: task for task in app.periodic_registry.periodic_tasks.values()}
    assert set(periodic) >= {DUE_TASK, RECOVER_TASK, PUBLISH_TASK}
    recover = app.tasks[RECOVER_TASK]
    # Issue 1408: a lock on the recovery task would let its own stalled job block every later one.
    assert (recover.lock, recover.queueing_lock) == (None, RECOVER_TASK)
    assert periodic[RECOVER_TASK].cron.split()[-1] == "*/10"  # seconds: recovery within about a minute
    # Retries by procrastinate would collide with the waiting job of the same queueing lock (1446).
    assert all(task.retry_strategy is None for name, task in app.tasks.items() if name.startswith("aggregator:"))


def test_the_due_tick_defers_each_due_configured_source_once_with_its_locks(memory_app: MemoryApp) -> None:
    app, connector, _ = memory_app
    store = app.store()
    now = datetime.now(UTC)
    store.record_collection(app.config.source("c"), FetchResult(url="x", outcome="ok"), [], now=now, fetch_url=None)
    store.sync_sources([*app.config.sources, SourceConfig("old", "Old", "http://x/")])

    async def ticks() -> tuple[int, int]:
        return await app.tasks[DUE_TASK](timestamp=0), await app.tasks[DUE_TASK](timestamp=60)

    first, second = run(app, ticks)
    collect_jobs = jobs_of(connector, COLLECT_TASK)
    # "c" was just collected (due in an hour); "old" is in the database but no longer configured.
    assert sorted(job["args"]["source_id"] for job in collect_jobs) == ["a", "b"]
    assert all(job["lock"] == job["queueing_lock"] == job["args"]["source_id"] for job in collect_jobs)
    assert {job["queue_name"] for job in collect_jobs} == {COLLECT_QUEUE}
    assert (first, second) == (2, 0)  # the second tick met AlreadyEnqueued for both and ignored it


def test_collections_with_new_items_defer_one_publish(memory_app: MemoryApp) -> None:
    app, connector, server = memory_app

    async def collect_all_then_again() -> int:
        for name in ("a", "b", "c"):
            await defer_collect(app, name)
        await drain(app)  # each finds new items; the first schedules the publish
        await defer_collect(app, "a", force=True)  # the same items again: nothing to publish
        await drain(app)
        return await app.tasks[PUBLISH_TASK]()

    files_changed = run(app, collect_all_then_again)
    # Once queued, the publish is not asked for again while it waits: one defer, not three.
    publish_defers = [args for name, args in connector.queries if name == "defer_jobs" and PUBLISH_TASK in str(args)]
    assert len(publish_defers) == 1
    (publish,) = jobs_of(connector, PUBLISH_TASK)
    assert publish["lock"] == publish["queueing_lock"] == PUBLISH_LOCK
    assert publish["status"] == "todo"
    wait = publish["scheduled_at"] - datetime.now(UTC)
    assert timedelta(seconds=PUBLISH_DELAY - 5) < wait <= timedelta(seconds=PUBLISH_DELAY)
    assert [job["status"] for job in jobs_of(connector, COLLECT_TASK)] == ["succeeded"] * 4
    assert server.hits.count("/a") == 2
    assert files_changed > 0 and (app.config.output_dir / "feed.atom").is_file()


def test_a_hosts_robots_txt_is_read_once_for_all_jobs_and_workers(memory_app: MemoryApp) -> None:
    app, _, server = memory_app
    collect = app.tasks[COLLECT_TASK]

    async def two_jobs() -> list[str]:
        return [await collect(source_id="a", force=True), await collect(source_id="b", force=True)]

    first = run(app, two_jobs)  # one worker's Fetcher: read once, kept for its life
    second = run(app, lambda: collect(source_id="c", force=True))  # a new Fetcher, as in another worker
    assert first == ["ok", "ok"] and second == "ok"
    assert server.hits.count("/robots.txt") == 1  # the new Fetcher found the stored reading
    assert [(f.status, f.text) for f in app.store().robots_files()] == [(404, "")]  # 404: no rules


def test_a_job_whose_source_is_no_longer_due_does_nothing(memory_app: MemoryApp) -> None:
    app, _, server = memory_app

    async def twice() -> tuple[str, str]:
        return await app.tasks[COLLECT_TASK](source_id="a"), await app.tasks[COLLECT_TASK](source_id="a")

    assert run(app, twice) == ("ok", "not due")  # a recovered job whose work was already stored
    assert server.hits.count("/a") == 1


def test_a_job_for_a_source_missing_from_the_config_is_skipped(memory_app: MemoryApp) -> None:
    app, _, _ = memory_app
    assert run(app, lambda: app.tasks[COLLECT_TASK](source_id="removed")) == "unknown source"


def test_a_rerun_collection_stores_nothing_twice(tmp_path: Path, database_url: str) -> None:
    """At-least-once delivery: the same items fetched and stored again add no story or sighting."""
    with HostileServer({"/a": body(rss(1, 2, 3))}) as server:
        app = build_app(worker_config(tmp_path, database_url, {"a": server.url("/a")}), connector=InMemoryConnector())
        app.store().create_schema()
        app.store().sync_sources(app.config.sources)

        outcomes, counts = [], []
        engine = sa.create_engine(database_url)
        try:
            outcomes.append(run(app, lambda: app.tasks[COLLECT_TASK](source_id="a", force=True)))
            counts.append(_story_counts(engine))
            # Other bytes, so it is parsed and stored again; the same items: what a repeated job meets.
            server.routes["/a"] = body(rss(1, 2, 3, comment="<!-- again -->"))
            outcomes.append(run(app, lambda: app.tasks[COLLECT_TASK](source_id="a", force=True)))
            counts.append(_story_counts(engine))
        finally:
            engine.dispose()
    assert outcomes == ["ok", "ok"] and server.hits.count("/a") == 2
    assert counts == [(3, 3), (3, 3)]


def _story_counts(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one()
        sightings = conn.execute(sa.text("SELECT count(*) FROM sightings")).scalar_one()
    return stories, sightings


def test_recovery_requeues_only_the_jobs_of_silent_workers(memory_app: MemoryApp) -> None:
    app, connector, _ = memory_app

    async def scenario() -> int:
        await defer_collect(app, "a")
        await defer_collect(app, "b")
        dead = await app.job_manager.register_worker()
        alive = await app.job_manager.register_worker()
        await app.job_manager.fetch_job(queues=None, worker_id=dead)
        await app.job_manager.fetch_job(queues=None, worker_id=alive)
        connector.workers[dead] = datetime.now(UTC) - timedelta(minutes=5)
        return await recover_stalled_jobs(app.job_manager)

    assert run(app, scenario) == 1
    status = {job["args"]["source_id"]: job["status"] for job in jobs_of(connector, COLLECT_TASK)}
    assert status == {"a": "todo", "b": "doing"}
    assert len(connector.workers) == 1  # the dead worker's row is pruned


# --- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        pytest.param("postgresql+psycopg://u:p%40ss@db:5432/news", "postgresql://u:p%40ss@db:5432/news", id="driver"),
        pytest.param("postgresql://u@db/news?sslmode=require", "postgresql://u@db/news?sslmode=require", id="plain"),
        pytest.param("postgres://u@db/news", "postgresql://u@db/news", id="short-scheme"),
    ],
)
def test_libpq_url(tmp_path: Path, database: str, expected: str) -> None:
    assert libpq_url(worker_config(tmp_path, database, {"a": "http://x/"})) == expected


def test_the_worker_refuses_sqlite(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs PostgreSQL"):
        build_app(worker_config(tmp_path, "sqlite:///db.sqlite", {"a": "http://x/"}))


def test_store_calls_are_bounded_in_time() -> None:
    url = bounded_store_url("postgresql+psycopg://u@db/news?connect_timeout=2")
    query = sa.engine.make_url(url).query
    assert query["connect_timeout"] == "2"  # the operator's own setting wins
    assert "statement_timeout" in query["options"] and "lock_timeout" in query["options"]
    assert bounded_store_url("sqlite:///x.db") == "sqlite:///x.db"


# --- on PostgreSQL -------------------------------------------------------------------------------


@POSTGRES_ONLY
def test_the_schema_is_applied_once_however_often_asked(tmp_path: Path, database_url: str) -> None:
    config = worker_config(tmp_path, database_url, {"a": "http://x/"})

    async def three_at_once_then_again() -> None:
        await asyncio.gather(*(apply_schema(config) for _ in range(3)))
        await apply_schema(config)

    asyncio.run(three_at_once_then_again())
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")).scalar_one()
    engine.dispose()


@POSTGRES_ONLY
def test_store_connections_carry_the_timeouts(tmp_path: Path, database_url: str) -> None:
    app = build_app(worker_config(tmp_path, database_url, {"a": "http://x/"}))
    with app.store().engine.connect() as conn:
        assert conn.execute(sa.text("SHOW statement_timeout")).scalar_one() == "10s"
        assert conn.execute(sa.text("SHOW lock_timeout")).scalar_one() == "5s"
    app.store().close()


@POSTGRES_ONLY
def test_a_store_call_stuck_behind_a_lock_gives_up(tmp_path: Path, database_url: str) -> None:
    """A store call blocks the worker's event loop (and its heartbeats) while it waits: the lock
    timeout ends the wait long before the worker would be taken for dead."""
    app = build_app(worker_config(tmp_path, database_url, {"a": "http://x/"}))
    app.store().create_schema()
    other = sa.create_engine(database_url)
    try:
        with other.begin() as conn:
            conn.execute(sa.text("LOCK TABLE sources IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(sa.exc.OperationalError, match="lock timeout"):
                app.store().due_source_ids(datetime.now(UTC))
            waited = time.monotonic() - started
    finally:
        other.dispose()
        app.store().close()
    assert 4 < waited < STALLED_AFTER / 2


def _app_with_schemas(config: Config) -> CollectorApp:
    """An app over a real database holding procrastinate's tables, ours and the configured sources."""
    asyncio.run(apply_schema(config))
    app = build_app(config)
    app.store().create_schema()
    app.store().sync_sources(config.sources)
    return app


def _stall(database_url: str, worker_id: int) -> None:
    """Make a worker look dead: its last heartbeat an hour ago."""
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' WHERE id = :id"),
            {"id": worker_id},
        )
    engine.dispose()


@POSTGRES_ONLY
def test_a_stalled_job_superseded_by_a_waiting_one_is_failed_not_retried(tmp_path: Path, database_url: str) -> None:
    """Issue 1446: retrying the stalled job would violate procrastinate_jobs_queueing_lock_idx_v1."""
    with HostileServer({"/a": body(rss(1, 2))}) as server:
        config = worker_config(tmp_path, database_url, {"a": server.url("/a")})
        app = _app_with_schemas(config)

        async def scenario() -> tuple[int, dict[int, str]]:
            manager = app.job_manager
            assert await defer_collect(app, "a")
            dead = await manager.register_worker()
            stalled = await manager.fetch_job(queues=None, worker_id=dead)  # killed while collecting "a"
            assert stalled and stalled.id
            assert await defer_collect(app, "a")  # the next tick queues "a" again, behind the lock
            _stall(database_url, dead)
            recovered = await recover_stalled_jobs(manager)
            await drain(app)
            return recovered, {job.id: job.status for job in await manager.list_jobs_async(task=COLLECT_TASK)}

        recovered, statuses = run(app, scenario)
    assert recovered == 1
    assert sorted(statuses.values()) == ["failed", "succeeded"]  # the stalled one failed, the waiting one ran
    assert min(statuses) in [job_id for job_id, status in statuses.items() if status == "failed"]
    assert server.hits.count("/a") == 1


@POSTGRES_ONLY
def test_a_stalled_recovery_job_does_not_block_later_recoveries(tmp_path: Path, database_url: str) -> None:
    """Issue 1408: a worker killed while recovering leaves that recovery job `doing`; the next one
    must still run (it would not if the task held a lock) and put both stalled jobs back."""
    with HostileServer({"/a": body(rss(1, 2))}) as server:
        config = worker_config(tmp_path, database_url, {"a": server.url("/a")})
        app = _app_with_schemas(config)

        async def scenario() -> dict[str, list[str]]:
            manager = app.job_manager
            recover = app.tasks[RECOVER_TASK]
            dead = await manager.register_worker()
            await recover.defer_async(timestamp=1)
            assert await manager.fetch_job(queues=None, worker_id=dead)  # the recovery job it was running
            await defer_collect(app, "a")
            assert await manager.fetch_job(queues=None, worker_id=dead)  # and a collection
            _stall(database_url, dead)
            await recover.defer_async(timestamp=2)  # the next periodic recovery
            await drain(app)
            statuses: dict[str, list[str]] = {}
            for job in await manager.list_jobs_async():
                statuses.setdefault(job.task_name, []).append(job.status or "")
            return statuses

        statuses = run(app, scenario)
    assert statuses[RECOVER_TASK] == ["succeeded", "succeeded"]
    assert statuses[COLLECT_TASK] == ["succeeded"]
    assert server.hits.count("/a") == 1
