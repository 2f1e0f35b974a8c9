"""The one place for SQL: the `Store` facade over the database (SQLAlchemy Core; SQLite default, PostgreSQL).

The tables are described in schema.py.

A source's writes happen in one transaction (a pass puts several sources in one,
`record_collections`), and storing the same items again adds nothing, so a crash or an
overlapping run never leaves a half-stored source.

Modules: schema (tables), statements (the hot lookups, built once), sql (running them),
source_rows, story_rows (with dedup deciding what a batch means), withdrawal_rows (staff's
withdrawals), robots_files, publish_log, maintenance (migrations, ANALYZE, size, query
plans). Module names differ from the table names (sources, stories, robots, publishes,
withdrawals) that this package exports; the names below stay importable from
`aggregator.store` as before.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aggregator.errors import AggregatorError
from aggregator.models import (
    AlertState,
    FetchLine,
    FetchRecord,
    FetchResult,
    Gathered,
    Item,
    PassRecord,
    RobotsFile,
    SaveResult,
    SourceConfig,
    SourceRef,
    SourceState,
    SourceStatus,
    Story,
    Withdrawal,
)
from aggregator.store import (
    maintenance,
    publish_log,
    robots_files,
    source_rows,
    split_rows,
    story_locks,
    story_rows,
    watch_rows,
    withdrawal_rows,
)
from aggregator.store.maintenance import (
    ANALYZE_BASE,
    ANALYZE_LOCK,
    ANALYZE_SHARE,
    _alembic_config,
    explain,
    hot_queries,
)
from aggregator.store.schema import (
    UtcDateTime,
    fetches,
    metadata,
    publishes,
    robots,
    sightings,
    sources,
    splits,
    stories,
    story_keys,
    withdrawals,
)
from aggregator.store.sql import _compiled, _execute_many, _insert_many, _select, _select_plan
from aggregator.store.statements import (
    _DUE_SOURCES,
    _DUE_SOURCES_AMONG,
    _INDEX_HITS,
    _KNOWN_SIGHTINGS,
    _MATCHED_COLUMNS,
    _RECENT_POST_DATES,
    _ROBOTS,
    _ROBOTS_OF,
    _SIGHTINGS_BY_URL_KEY,
    _SOURCE_ADDRESSES,
    _SOURCE_RHYTHM,
    _SOURCE_STATES,
    _STORIES_BY_FINGERPRINT,
    _STORIES_BY_URL_KEY,
    _UPDATE_SOURCE,
    _VERSION_CANDIDATES,
)

__all__ = [
    "ANALYZE_BASE",
    "ANALYZE_LOCK",
    "ANALYZE_SHARE",
    "STATISTICS_CHECK_EVERY",
    "_DUE_SOURCES",
    "_DUE_SOURCES_AMONG",
    "_INDEX_HITS",
    "_KNOWN_SIGHTINGS",
    "_MATCHED_COLUMNS",
    "_RECENT_POST_DATES",
    "_ROBOTS",
    "_ROBOTS_OF",
    "_SIGHTINGS_BY_URL_KEY",
    "_SOURCE_ADDRESSES",
    "_SOURCE_RHYTHM",
    "_SOURCE_STATES",
    "_STORIES_BY_FINGERPRINT",
    "_STORIES_BY_URL_KEY",
    "_UPDATE_SOURCE",
    "_VERSION_CANDIDATES",
    "FetchRecord",
    "Gathered",
    "SaveResult",
    "SourceState",
    "Store",
    "StoreError",
    "UtcDateTime",
    "_alembic_config",
    "_compiled",
    "_execute_many",
    "_insert_many",
    "_select",
    "_select_plan",
    "explain",
    "fetches",
    "hot_queries",
    "metadata",
    "publishes",
    "robots",
    "sightings",
    "sources",
    "splits",
    "stories",
    "story_keys",
    "withdrawals",
]  # fmt: skip

# Checked this often while collecting (in sources that brought new stories): a first pass over
# thousands of sources must not run most of its lookups on plans made for empty tables.
STATISTICS_CHECK_EVERY = 100


class StoreError(AggregatorError):
    """The database cannot be used (wrong URL, unreachable server, unreadable file)."""


class Store:
    """The database as the stages see it: each method one job, done in the module named beside it."""

    def __init__(self, url: str) -> None:
        try:
            self.engine: Engine = sa.create_engine(url, future=True)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise StoreError(f"unusable database URL {url!r}: {error}") from error
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._stored_since_check = 0  # sources that brought new stories since statistics were checked

    def create_schema(self) -> None:
        """Bring the database to the newest schema revision (Alembic); data is kept."""
        try:
            maintenance.create_schema(self.engine)
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(
                f"cannot open database: {error.__class__.__name__}: {error.orig if hasattr(error, 'orig') else error}"
            ) from error

    def schema_is_current(self) -> bool:
        return maintenance.schema_is_current(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- sources (source_rows) ----------------------------------------------------------------

    def sync_sources(self, configured: Iterable[SourceConfig]) -> None:
        source_rows.sync_sources(self.engine, configured)

    def due_source_ids(self, now: datetime, among: Collection[str] | None = None) -> set[str]:
        return source_rows.due_source_ids(self.engine, now, among)

    def known_guids(self, source_id: str, guids: Sequence[str]) -> set[str]:
        return source_rows.known_guids(self.engine, source_id, guids)

    def gone_source_ids(self) -> set[str]:
        return source_rows.gone_source_ids(self.engine)

    def source_states(self, source_ids: Collection[str]) -> dict[str, SourceState]:
        return source_rows.source_states(self.engine, source_ids)

    def source_state(self, source_id: str) -> SourceState:
        return self.source_states([source_id])[source_id]

    def last_collection_at(self) -> datetime | None:
        return source_rows.last_collection_at(self.engine)

    def source_statuses(self, configured: Sequence[SourceConfig], *, now: datetime | None = None) -> list[SourceStatus]:
        return source_rows.source_statuses(self.engine, configured, now=now)

    # --- collecting (story_rows, source_rows) -------------------------------------------------

    def record_collection(
        self,
        source: SourceConfig,
        result: FetchResult,
        items: Sequence[Item],
        *,
        now: datetime,
        fetch_url: str | None,
    ) -> SaveResult:
        """Store one source's fetch outcome and items in one transaction."""
        return self.record_collections([Gathered(FetchRecord(source, result, fetch_url, now), items)])[0]

    def record_collections(self, batch: Sequence[Gathered]) -> list[SaveResult]:
        """Several sources' outcomes and items in one transaction, each stored as if alone (a
        source sees the stories of those before it in the batch). A pass commits once per
        batch: on SQLite a commit costs a write per page it changed, and sources stored
        together share many of them; on PostgreSQL a commit is a round trip and a WAL flush."""
        if not batch:
            return []
        # PostgreSQL: workers storing one story take turns, and one that lost a race stores again.
        saved = story_locks.in_turn(self.engine, lambda conn: _store_batch(conn, batch))
        self._stored_since_check += sum(1 for s in saved if s.new)
        if self._stored_since_check >= STATISTICS_CHECK_EVERY:
            self._stored_since_check = 0
            self.refresh_statistics()
        return saved

    # --- robots.txt (robots_files) ------------------------------------------------------------

    def robots_files(self, origins: Collection[str] | None = None) -> list[RobotsFile]:
        return robots_files.robots_files(self.engine, origins)

    def save_robots_files(self, files: Iterable[RobotsFile]) -> None:
        robots_files.save_robots_files(self.engine, files)

    # --- publishing (story_rows, publish_log) ---------------------------------------------------

    def latest_stories(self, limit: int) -> list[Story]:
        return story_rows.latest_stories(self.engine, limit)

    def record_publish(self, output_dir: str, at: datetime, error: str | None = None) -> None:
        publish_log.record_publish(self.engine, output_dir, at, error)

    def publish_outcome(self, output_dir: str) -> tuple[datetime | None, str | None]:
        return publish_log.publish_outcome(self.engine, output_dir)

    # --- staff (story_rows, withdrawal_rows, source_rows) ----------------------------------------

    def find_stories(self, ref: str) -> list[Story]:
        """The story with id `ref`, else the stories at the address `ref` (their own or a sighting's), newest first."""
        return story_rows.find_stories(self.engine, ref)

    def withdraw(self, story_id: str, reason: str, by: str, at: datetime) -> Withdrawal:
        """Take a story out of every public file; a withdrawal already in force is returned unchanged."""
        withdrawal = withdrawal_rows.withdraw(self.engine, story_id, reason, by, at)
        if withdrawal is None:
            raise StoreError(f"no story with id {story_id!r}")
        return withdrawal

    def split(self, story_id: str, source_id: str, at: datetime) -> str:
        """Make `source_id`'s sightings of the story a story of their own, for good; its id."""
        try:
            return split_rows.split(self.engine, story_id, source_id, at)
        except split_rows.SplitError as error:
            raise StoreError(str(error)) from error

    def restore(self, story_id: str, by: str, at: datetime) -> Withdrawal | None:
        """End the story's withdrawal in force (None: there is none); the row is kept, marked restored."""
        return withdrawal_rows.restore(self.engine, story_id, by, at)

    def withdrawals(self) -> list[Withdrawal]:
        return withdrawal_rows.all_withdrawals(self.engine)

    def removed_sources(self, configured_ids: Collection[str]) -> list[SourceRef]:
        return source_rows.removed_sources(self.engine, configured_ids)

    def posting_gaps(self) -> dict[str, timedelta]:
        return source_rows.posting_gaps(self.engine)

    # --- maintenance --------------------------------------------------------------------------

    def refresh_statistics(self) -> list[str]:
        return maintenance.refresh_statistics(self.engine)

    def size_bytes(self) -> int | None:
        return maintenance.size_bytes(self.engine)

    def prune_history(self, before: datetime) -> int:
        """Delete fetch log rows and pass records older than `before`; returns the fetches deleted."""
        return maintenance.prune_history(self.engine, before)

    # --- watching: passes, alerts, fetch history (watch_rows) -------------------------------------

    def record_pass(self, record: PassRecord) -> None:
        watch_rows.record_pass(self.engine, record)

    def last_pass(self) -> PassRecord | None:
        return watch_rows.last_pass(self.engine)

    def alert_states(self) -> dict[str, AlertState]:
        return watch_rows.alert_states(self.engine)

    def save_alert_states(self, states: Iterable[AlertState], at: datetime) -> None:
        watch_rows.save_alert_states(self.engine, states, at)

    def recent_fetches(self, source_id: str, limit: int = 20) -> list[FetchLine]:
        return watch_rows.recent_fetches(self.engine, source_id, limit)


def _store_batch(conn: sa.Connection, batch: Sequence[Gathered]) -> list[SaveResult]:
    story_locks.lock_story_keys(conn, batch)
    saved = [
        story_rows._save_items(conn, one.record.source.id, one.items, one.record.at) if one.items else SaveResult(0, 0)
        for one in batch
    ]
    source_rows._record_fetches(
        conn, [replace(one.record, new_stories=s.new) for one, s in zip(batch, saved, strict=True)]
    )
    return saved


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets `status` and `publish` read while a collection writes; the busy timeout makes an
    # overlapping cron run wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL keeps the database consistent on a crash and skips an fsync per commit
    # (one commit per source); a power cut may lose the last commits, which the next pass redoes.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
