"""Many collectors: procrastinate tasks over the shared PostgreSQL, for when one machine is not enough.

One machine stays the simple default (`aggregator run`). Here any number of worker processes, on
one or many machines, share the work through procrastinate (https://procrastinate.readthedocs.io),
an existing task engine whose queue, locks and heartbeats live in the same PostgreSQL database as
the stories. We add no queue or lease protocol of our own; this module only declares the tasks:

- `collect`: one source through `collect.collect_source`, the coroutine the one-box daemon uses.
  Each job carries `lock` and `queueing_lock` = the source id, so a source has at most one job
  running and one waiting, wherever the workers are.
- `defer-due` (periodic, every minute): defers a `collect` for every due source. procrastinate's
  periodic deferrer is deduplicated by the database, so many workers still defer each tick once.
- `publish`: writes the feeds and pages; deferred (debounced) after a collection stored new or
  changed items, and every 10 minutes so the staff page's health and `/healthz` stay current.
- `recover` (periodic, every 10 s): a worker killed mid-job (SIGKILL, power loss) leaves its jobs
  `doing`; once its heartbeat is STALLED_AFTER old they are put back in the queue.
- `cleanup` (periodic, daily): forgets finished jobs after a few days.

Delivery is at least once: a recovered job may repeat a fetch whose results were already stored,
which adds nothing (`Store.record_collection` is idempotent), and a job whose source is no longer
due when it starts does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import socket
import time
from collections.abc import AsyncIterator, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import procrastinate
import psycopg
from procrastinate import exceptions as task_errors
from procrastinate.connector import BaseConnector
from procrastinate.jobs import JobDeferrer, Status
from procrastinate.manager import QUEUEING_LOCK_CONSTRAINT, JobManager

from aggregator.clock import utc_now
from aggregator.collect import collect_source
from aggregator.config import ConfigError
from aggregator.fetch import Fetcher
from aggregator.models import Config
from aggregator.pipeline import publish_outputs
from aggregator.store import Store, StoreError

log = logging.getLogger(__name__)

# Task names are stored in the jobs table: changing one strands the jobs already queued.
COLLECT_TASK = "aggregator:collect"
DUE_TASK = "aggregator:defer-due"
PUBLISH_TASK = "aggregator:publish"
RECOVER_TASK = "aggregator:recover"
CLEANUP_TASK = "aggregator:cleanup"
# Locks share one namespace with the source ids, which are [a-z0-9-]: the ":" keeps them apart.
PUBLISH_LOCK = "aggregator:publish"

# A worker started with queues=["collect"] never publishes: publishing writes `output_dir`, which
# is local to the machine serving it, so only that machine needs to listen to "publish".
COLLECT_QUEUE = "collect"
PUBLISH_QUEUE = "publish"

DEFAULT_CONCURRENCY = 10  # jobs at once per worker; requests are further capped by `fetch:`
HEARTBEAT_SECONDS = 5.0
# A worker silent this long is taken for dead and its jobs are run again. It must stay well above
# the longest time a store call can hold the event loop (STORE_TIMEOUTS), or a live worker's job
# would be handed to a second worker while it still runs.
STALLED_AFTER = 30.0
DUE_CRON = "* * * * *"  # as often as the one-box daemon looks; each source keeps its own interval
RECOVER_CRON = "* * * * * */10"  # the 6th field is seconds: a dead worker's jobs rerun within ~45 s
PUBLISH_CRON = "*/10 * * * *"
PUBLISH_DELAY = 30  # seconds from a change to its publish
CLEANUP_CRON = "17 3 * * *"
KEEP_FINISHED_HOURS = 72

# `Store` is synchronous SQLAlchemy called from the event loop (as `collect_source` does), so a
# hung call would stop the heartbeats too. libpq and server-side limits bound every call: no
# connection attempt, statement or lock wait runs longer, and a vanished server is noticed by TCP.
STORE_TIMEOUTS = {
    "connect_timeout": "5",
    "options": "-c statement_timeout=10000 -c lock_timeout=5000",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "3",
    "tcp_user_timeout": "10000",
}
_POSTGRES_URL = re.compile(r"^postgres(?:ql)?(?:\+\w+)?://")


class CollectorApp(procrastinate.App):
    """A procrastinate App holding the config, and one Store and one Fetcher for this process.

    Both are made on first use, inside the worker's event loop (the Fetcher's HTTP client belongs
    to the loop it was made in), and closed by `close_resources` when the worker stops. The
    Fetcher keeps each host's robots.txt while fresh; `collect_source` looks a host's up in the
    database before the Fetcher would read it and stores what it read, so all workers share them.
    """

    def __init__(self, config: Config, connector: BaseConnector) -> None:
        super().__init__(
            connector=connector,
            worker_defaults={
                "update_heartbeat_interval": HEARTBEAT_SECONDS,
                "stalled_worker_timeout": STALLED_AFTER,
            },
        )
        self.config = config
        self._store: Store | None = None
        self._fetcher: Fetcher | None = None
        self._resources = contextlib.AsyncExitStack()
        self._publish_queued_until = 0.0  # time.monotonic() before which our queued publish waits

    def store(self) -> Store:
        if self._store is None:
            self._store = Store(bounded_store_url(self.config.database))
            self._resources.callback(self._store.close)
        return self._store

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:  # no await between the check and the assignment: one per process
            self._fetcher = Fetcher(self.config.fetch)
            self._resources.push_async_exit(self._fetcher)
        return self._fetcher

    async def publish_soon(self) -> None:
        """Debounced: the first change schedules a publish PUBLISH_DELAY later, and the changes
        meanwhile find it waiting, so a busy pass publishes a few times, not once per source.
        While the publish this worker queued cannot have started yet, it is not asked again:
        each refused defer (AlreadyEnqueued) was a round trip to the database for nothing, 3% of
        a worker's time on a first pass."""
        if time.monotonic() < self._publish_queued_until:
            return
        waits = {"seconds": PUBLISH_DELAY}
        if await _defer_ignoring_duplicate(self.tasks[PUBLISH_TASK].configure(schedule_in=waits)):
            self._publish_queued_until = time.monotonic() + PUBLISH_DELAY

    async def close_resources(self) -> None:
        await self._resources.aclose()
        self._store = self._fetcher = None


def build_app(config: Config, *, connector: BaseConnector | None = None) -> CollectorApp:
    """The procrastinate App with the aggregator's tasks, over `config.database`.

    Args:
        config: the aggregator config; `database` must be PostgreSQL unless `connector` is given.
        connector: another procrastinate connector (tests pass `procrastinate.testing.InMemoryConnector`).

    Raises:
        ConfigError: `database` is not a PostgreSQL URL.
    """
    app = CollectorApp(config, connector or procrastinate.PsycopgConnector(conninfo=libpq_url(config)))

    # No retry strategy on any task: procrastinate's retry of a failed job collides with a newer
    # waiting job of the same queueing lock (issue 1446) and would leave the job `doing` for good
    # on a live worker. The due tick re-defers a source whose collection failed.
    @app.task(name=COLLECT_TASK, queue=COLLECT_QUEUE)
    async def collect(source_id: str, force: bool = False) -> str:
        try:
            source = config.source(source_id)
        except KeyError:  # queued by a worker with a newer config; a tick on one of those requeues it
            log.warning("collect skipped source=%s reason=not in this worker's config", source_id)
            return "unknown source"
        if not source.enabled:  # paused after the job was queued
            return "paused"
        store = app.store()
        if not force and not store.due_source_ids(utc_now(), among=[source_id]):
            # A recovered job whose collection had been stored, or a tick racing a running job.
            return "not due"
        report = await collect_source(source, store=store, fetcher=app.fetcher(), excerpt_length=config.excerpt_length)
        if report.new or report.updated:
            await app.publish_soon()
        return report.outcome

    @app.periodic(cron=DUE_CRON, periodic_id="due")
    @app.task(name=DUE_TASK, queue=COLLECT_QUEUE, queueing_lock=DUE_TASK, priority=5)
    async def defer_due(timestamp: int) -> int:
        due = app.store().due_source_ids(utc_now())
        deferred = [await defer_collect(app, s.id) for s in config.sources if s.id in due and s.enabled]
        log.info("deferred due=%d new_jobs=%d", len(due), sum(deferred))
        return sum(deferred)

    @app.periodic(cron=PUBLISH_CRON, periodic_id="publish")
    @app.task(name=PUBLISH_TASK, queue=PUBLISH_QUEUE, lock=PUBLISH_LOCK, queueing_lock=PUBLISH_LOCK, priority=5)
    async def publish(timestamp: int | None = None) -> int:
        # Rendering every feed takes a while: in a thread, so the heartbeats keep going meanwhile.
        changed = await asyncio.to_thread(publish_outputs, config, app.store())
        log.info("published files_changed=%d", len(changed))
        return len(changed)

    # A queueing lock keeps recoveries from piling up, but never a `lock`: a recovery job killed
    # with its worker would hold that lock while `doing` and block every later recovery, its own
    # included (issue 1408). Two recoveries running at once are safe (see recover_stalled_jobs).
    @app.periodic(cron=RECOVER_CRON, periodic_id="recover")
    @app.task(name=RECOVER_TASK, queue=COLLECT_QUEUE, queueing_lock=RECOVER_TASK, priority=10)
    async def recover(timestamp: int) -> int:
        return await recover_stalled_jobs(app.job_manager)

    @app.periodic(cron=CLEANUP_CRON, periodic_id="cleanup")
    @app.task(name=CLEANUP_TASK, queue=COLLECT_QUEUE, queueing_lock=CLEANUP_TASK)
    async def cleanup(timestamp: int) -> None:
        await app.job_manager.delete_old_jobs(
            nb_hours=KEEP_FINISHED_HOURS, include_failed=True, include_cancelled=True, include_aborted=True
        )

    return app


async def defer_collect(app: procrastinate.App, source_id: str, *, force: bool = False) -> bool:
    """Queue a collection of `source_id`; False when one is already waiting (it covers this one)."""
    task = app.tasks[COLLECT_TASK]
    arguments: dict[str, object] = {"source_id": source_id, "force": True} if force else {"source_id": source_id}
    return await _defer_ignoring_duplicate(task.configure(lock=source_id, queueing_lock=source_id), **arguments)


async def _defer_ignoring_duplicate(deferrer: JobDeferrer, **arguments: object) -> bool:
    try:
        await deferrer.defer_async(**arguments)  # type: ignore[arg-type]
    except task_errors.AlreadyEnqueued:
        return False
    return True


async def recover_stalled_jobs(job_manager: JobManager, *, stalled_after: float = STALLED_AFTER) -> int:
    """Put the jobs of workers silent for `stalled_after` seconds back in the queue; returns how many.

    A stalled job whose queueing lock is taken by a newer waiting job cannot go back to `todo`
    (procrastinate issue 1446: UniqueViolation on procrastinate_jobs_queueing_lock_idx_v1); the
    waiting job does the same work, so the stalled one is marked failed instead, which frees its
    `lock` for the waiting one.
    """
    recovered = 0
    for job in await job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        assert job.id is not None
        # Another recovery may have got here first (this task holds no lock), and a live worker may
        # already be running the job again: only touch it while it is still the same stalled job.
        current = list(await job_manager.list_jobs_async(id=job.id))
        if not current or current[0].status != Status.DOING.value or current[0].worker_id != job.worker_id:
            continue
        try:
            await job_manager.retry_job(job)
            log.warning("recovered job=%d task=%s lock=%s", job.id, job.task_name, job.lock)
        except task_errors.UniqueViolation as error:
            if error.constraint_name != QUEUEING_LOCK_CONSTRAINT:
                raise
            await job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
            log.warning("superseded job=%d task=%s lock=%s by the waiting one", job.id, job.task_name, job.lock)
        except task_errors.ConnectorException as error:  # changed state since the check: leave it
            log.warning("left job=%d task=%s: %r", job.id, job.task_name, error.__cause__ or error)
            continue
        recovered += 1
    await job_manager.prune_stalled_workers(stalled_after)  # dead workers' rows, once their jobs are moved
    return recovered


async def apply_schema(config: Config) -> None:
    """Create procrastinate's tables in `config.database` unless they exist (safe to repeat).

    Upgrading an existing schema to a newer procrastinate needs its migrations
    (`procrastinate schema --migrations-path`), which this does not apply.

    Raises:
        ConfigError: `database` is not PostgreSQL.
        StoreError: the database is unreachable, or the tables cannot be created.
    """
    app = build_app(config)
    async with _opened(app):
        await _ensure_task_schema(app)


@contextlib.asynccontextmanager
async def _opened(app: procrastinate.App) -> AsyncIterator[None]:
    """The app's connection pool, open; an unreachable database is a StoreError, as for the store."""
    try:
        await app.open_async()
    except (psycopg.Error, task_errors.ConnectorException) as error:
        raise StoreError(f"cannot open the task database: {error}") from error
    try:
        yield
    finally:
        await app.close_async()


async def _ensure_task_schema(app: procrastinate.App) -> None:
    try:
        if await app.check_connection_async():
            return
        try:
            await app.schema_manager.apply_schema_async()  # one transaction: all or nothing
        except task_errors.ConnectorException:
            if not await app.check_connection_async():
                raise
            # another worker created it at the same moment
    except task_errors.ConnectorException as error:
        raise StoreError(f"cannot create the task tables: {error.__cause__ or error}") from error


async def run_worker(
    config: Config, concurrency: int = DEFAULT_CONCURRENCY, *, queues: Sequence[str] | None = None
) -> None:
    """Run one worker until SIGTERM or SIGINT (the jobs in flight finish first).

    Creates the task tables and the aggregator's tables when missing and gives every configured
    source its row, so the first worker on an empty database needs no other step.

    Args:
        config: the aggregator config, with a PostgreSQL `database`.
        concurrency: how many jobs this worker runs at once.
        queues: only these queues (COLLECT_QUEUE, PUBLISH_QUEUE); None for all.

    Raises:
        ConfigError: `database` is not PostgreSQL.
        StoreError: the database is unreachable, or the tables cannot be created.
    """
    app = build_app(config)
    async with _opened(app):
        await _ensure_task_schema(app)
        try:
            await _prepare_store(app)
            await app.run_worker_async(
                concurrency=concurrency, queues=queues, name=f"{socket.gethostname()}-{os.getpid()}"
            )
        finally:
            await app.close_resources()


async def _prepare_store(app: CollectorApp, attempts: int = 5) -> None:
    """The aggregator's tables and a row per configured source. Workers started together on a new
    database race to create the same tables and rows; the losers see them on a later try."""
    for attempt in range(1, attempts + 1):
        try:
            store = app.store()
            store.create_schema()
            store.sync_sources(app.config.sources)
            return
        except Exception as error:
            if attempt == attempts:
                raise
            log.info("store setup failed attempt=%d, trying again: %s", attempt, error)
            await asyncio.sleep(0.2 * attempt)


def libpq_url(config: Config) -> str:
    """`config.database` as the libpq URL procrastinate's psycopg pool takes (no SQLAlchemy driver)."""
    match = _POSTGRES_URL.match(config.database)
    if not match:
        where = f"{config.path}: " if config.path else ""
        raise ConfigError(
            f"{where}database: the worker needs PostgreSQL (postgresql+psycopg://user@host/db), "
            f"not {config.database.split(':', 1)[0]}"
        )
    return "postgresql://" + config.database[match.end() :]


def bounded_store_url(database: str) -> str:
    """The SQLAlchemy URL with STORE_TIMEOUTS added (parameters already in the URL win)."""
    if not _POSTGRES_URL.match(database):
        return database  # SQLite: only for tests with an in-memory task connector
    parts = urlsplit(database)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(parts._replace(query=urlencode({**STORE_TIMEOUTS, **query})))
