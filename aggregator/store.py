"""The one place for SQL: schema and queries over SQLAlchemy Core (SQLite default, PostgreSQL).

Tables:
- sources:   per configured source, its polling state (validators, discovered feed address,
             last outcome, failure streak, next check).
- fetches:   a log of every fetch outcome.
- stories:   one row per real-world post; `id` is chosen once and never changes.
- sightings: every time a source listed a story (source + guid unique), pointing at its story.
- robots:    each host's robots.txt as last read, so a pass need not read it again while fresh.

A source's writes happen in one transaction (a pass puts several sources in one,
`record_collections`), and storing the same items again adds nothing, so a crash or an
overlapping run never leaves a half-stored source.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from aggregator import fingerprint
from aggregator.dedup import KnownSighting, plan_saves, story_id, url_key
from aggregator.models import (
    CacheInfo,
    FetchResult,
    Item,
    RobotsFile,
    SourceConfig,
    SourceRef,
    SourceStatus,
    Story,
)
from aggregator.polling import next_check, posting_gap

metadata = sa.MetaData()


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC) if dialect.name == "postgresql" else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("config_url", sa.Text, nullable=False),
    sa.Column("fetch_url", sa.Text),  # a feed found from the configured page, polled instead
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_fetch_at", UtcDateTime),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_outcome", sa.String(40)),
    sa.Column("last_error_kind", sa.String(60)),
    sa.Column("last_error_message", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, default=0),
    sa.Column("last_success_at", UtcDateTime),
    sa.Column("next_check_at", UtcDateTime),
    sa.Column("gone", sa.Boolean, nullable=False, default=False),  # 410: not polled until the config changes
    sa.Column("moved_to", sa.Text),  # 301/308: the address now polled; the config should say so
    sa.Column("body_digest", sa.String(32)),  # FetchResult.digest of the last body parsed
    sa.Column("posting_gap_seconds", sa.Float),  # median gap between its recent posts (polling.py)
)

fetches = sa.Table(
    "fetches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(100), nullable=False, index=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("bytes", sa.Integer, nullable=False),
    sa.Column("duration", sa.Float, nullable=False),
    sa.Column("error_kind", sa.String(60)),
    sa.Column("error_message", sa.Text),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("url_key", sa.Text, nullable=False, unique=True),  # dedup.url_key of url
    sa.Column("source_id", sa.String(100), nullable=False),  # the main sighting's source
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("author", sa.Text),
    sa.Column("published", UtcDateTime, nullable=False),
    sa.Column("updated", UtcDateTime, nullable=False),
    sa.Column("date_is_first_seen", sa.Boolean, nullable=False),
    sa.Column("first_seen_at", UtcDateTime, nullable=False),
    sa.Column("raw_title", sa.Text),  # as published, language marker included: dedup reads it
    sa.Column("fingerprint", sa.BigInteger),  # fingerprint.simhash, signed (fingerprint.to_signed)
    sa.Column("version_key", sa.Text),  # fingerprint.version_lookup_key: the address minus its language part
    sa.Column("group_id", sa.String(64)),  # language versions of one post share it (NULL: the story's own id)
    sa.Index("ix_stories_published", "published"),
    sa.Index("ix_stories_language_published", "language", "published"),
    sa.Index("ix_stories_version_key", "version_key"),
    sa.Index("ix_stories_source_published", "source_id", "published"),
    sa.Index("ix_stories_fingerprint", "fingerprint"),  # from a near-duplicate index hit to its stories
)

# The near-duplicate index: each story's fingerprint band keys and title key
# (fingerprint.lookup_keys), so a new item finds its candidates without a scan. A row names
# the fingerprint, not the story: band matches too far apart are dropped before any join, the
# stories come from ix_stories_fingerprint, and a row is a third of the size a 45-byte story id
# made it (migration 0006). Stories sharing a fingerprint share their band rows.
story_keys = sa.Table(
    "story_keys",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True),
    sa.Column("fingerprint", sa.BigInteger, primary_key=True),
    # SQLite: rows kept in key order, nothing else stored (migrations 0005, 0006).
    sqlite_with_rowid=False,
)

sightings = sa.Table(
    "sightings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(100), nullable=False),
    sa.Column("guid", sa.Text, nullable=False),
    sa.Column("url_key", sa.Text, nullable=False),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("content_hash", sa.String(32), nullable=False),
    sa.Column("first_seen_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("source_id", "guid", name="uq_sightings_source_guid"),
    sa.Index("ix_sightings_url_key", "url_key"),
    sa.Index("ix_sightings_story", "story_id"),
    sa.Index("ix_sightings_source_seen", "source_id", "first_seen_at"),
)

# One row per origin (scheme://host:port): models.RobotsFile. The fetcher decides what it means
# and how long it is trusted (fetch.politeness); the store only keeps the latest reading.
robots = sa.Table(
    "robots",
    metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("status", sa.Integer),  # NULL: no answer at all (`error` says why)
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=False),
    sa.Column("error", sa.Text),
)

# One row per output folder (several machines may publish, each into its own): the last
# attempt, the last success and the last attempt's error (NULL when it succeeded).
publishes = sa.Table(
    "publishes",
    metadata,
    sa.Column("output_dir", sa.Text, primary_key=True),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("succeeded_at", UtcDateTime),
    sa.Column("error", sa.Text),
)

# Tables whose statistics refresh_statistics keeps fresh, and its threshold (autovacuum's defaults).
_ANALYZED_TABLES = ("sources", "fetches", "stories", "story_keys", "sightings")
ANALYZE_SHARE = 0.1
ANALYZE_BASE = 50
ANALYZE_LOCK = 0x616767726567  # a PostgreSQL advisory lock key of our own ("aggreg")
# Checked this often while collecting (in sources that brought new stories): a first pass over
# thousands of sources must not run most of its lookups on plans made for empty tables.
STATISTICS_CHECK_EVERY = 100


@dataclass(frozen=True)
class SourceState:
    """What the collector needs to know about a source before fetching it."""

    fetch_url: str | None
    cache: CacheInfo
    body_digest: str | None = None


@dataclass(frozen=True)
class FetchRecord:
    """One source's fetch outcome to store, with how many new stories it brought."""

    source: SourceConfig
    result: FetchResult
    fetch_url: str | None  # the address to poll next time
    at: datetime
    new_stories: int = 0


@dataclass(frozen=True)
class Gathered:
    """One source's fetch outcome with the items it gave (none for a 304 or a failure)."""

    record: FetchRecord
    items: Sequence[Item] = ()


@dataclass(frozen=True)
class SaveResult:
    new: int
    updated: int


class StoreError(Exception):
    """The database cannot be used (wrong URL, unreachable server, unreadable file)."""


class Store:
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
            with self.engine.begin() as conn:
                config = _alembic_config(conn)
                if sa.inspect(conn).has_table("sources") and not sa.inspect(conn).has_table("alembic_version"):
                    command.stamp(config, "0001")  # made before migrations existed: the first revision
                command.upgrade(config, "head")
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(
                f"cannot open database: {error.__class__.__name__}: {error.orig if hasattr(error, 'orig') else error}"
            ) from error

    def schema_is_current(self) -> bool:
        with self.engine.connect() as conn:
            config = _alembic_config(conn)
            head = ScriptDirectory.from_config(config).get_current_head()
            return MigrationContext.configure(conn).get_current_revision() == head

    def close(self) -> None:
        self.engine.dispose()

    # --- sources --------------------------------------------------------------------------

    def sync_sources(self, configured: Iterable[SourceConfig]) -> None:
        """Make a row for every configured source; a changed address forgets what the old one
        taught us (discovered feed, validators) and makes the source due now."""
        with self.engine.begin() as conn:
            rows = _select(conn, _SOURCE_ADDRESSES, {})
            known = {source_id: (url, name) for source_id, url, name in rows}
            for source in configured:
                if source.id not in known:
                    conn.execute(
                        sources.insert().values(
                            id=source.id, name=source.name, config_url=source.url, consecutive_failures=0, gone=False
                        )
                    )
                    continue
                url, name = known[source.id]
                if url != source.url:
                    conn.execute(
                        sources.update()
                        .where(sources.c.id == source.id)
                        .values(
                            name=source.name,
                            config_url=source.url,
                            fetch_url=None,
                            etag=None,
                            body_digest=None,
                            last_modified=None,
                            next_check_at=None,
                            consecutive_failures=0,
                            gone=False,
                            moved_to=None,
                        )
                    )
                elif name != source.name:
                    conn.execute(sources.update().where(sources.c.id == source.id).values(name=source.name))

    def due_source_ids(self, now: datetime, among: Collection[str] | None = None) -> set[str]:
        """The sources due at `now` (of `among` only, when given: a worker asks about its job's
        source alone, not for every due source once per job)."""
        with self.engine.connect() as conn:
            if among is None:
                rows = _select(conn, _DUE_SOURCES, {"now": now})
            else:
                rows = _select(conn, _DUE_SOURCES_AMONG, {"now": now, "ids": list(among)})
        return {source_id for (source_id,) in rows}

    def known_guids(self, source_id: str, guids: Sequence[str]) -> set[str]:
        """Which of these guids the source has listed before."""
        with self.engine.connect() as conn:
            return {guid for guid, _, _ in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": list(guids)})}

    def gone_source_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.scalars(sa.select(sources.c.id).where(sources.c.gone.is_(True))))

    def source_states(self, source_ids: Collection[str]) -> dict[str, SourceState]:
        """What the collector needs before fetching these sources, in one query; a source
        with no row yet gets the state of one never fetched."""
        with self.engine.connect() as conn:
            rows = _select(conn, _SOURCE_STATES, {"ids": list(source_ids)})
            found = {
                source_id: SourceState(fetch_url, CacheInfo(etag, last_modified), body_digest)
                for source_id, fetch_url, etag, last_modified, body_digest in rows
            }
        never_fetched = SourceState(None, CacheInfo())
        return {source_id: found.get(source_id, never_fetched) for source_id in source_ids}

    def source_state(self, source_id: str) -> SourceState:
        return self.source_states([source_id])[source_id]

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
        with self.engine.begin() as conn:
            saved = [
                _save_items(conn, one.record.source.id, one.items, one.record.at) if one.items else SaveResult(0, 0)
                for one in batch
            ]
            _record_fetches(conn, [replace(one.record, new_stories=s.new) for one, s in zip(batch, saved, strict=True)])
        self._stored_since_check += sum(1 for s in saved if s.new)
        if self._stored_since_check >= STATISTICS_CHECK_EVERY:
            self._stored_since_check = 0
            self.refresh_statistics()
        return saved

    # --- robots.txt ----------------------------------------------------------------------

    def robots_files(self, origins: Collection[str] | None = None) -> list[RobotsFile]:
        """The stored robots.txt files of these origins (those never read are missing), or all."""
        with self.engine.connect() as conn:
            rows = (
                _select(conn, _ROBOTS, {}) if origins is None else _select(conn, _ROBOTS_OF, {"origins": list(origins)})
            )
            return [RobotsFile(origin, status, text, read_at, error) for origin, status, text, read_at, error in rows]

    def save_robots_files(self, files: Iterable[RobotsFile]) -> None:
        """Keep each origin's newest reading, all in one transaction. An older reading never
        replaces a newer one, so workers saving the same host in any order end the same way."""
        latest: dict[str, RobotsFile] = {}
        for file in files:  # one row per origin: an upsert may not touch a row twice
            if file.origin not in latest or file.read_at > latest[file.origin].read_at:
                latest[file.origin] = file
        if not latest:
            return
        rows = [
            # PostgreSQL's text cannot hold NUL, which means nothing in robots.txt rules anyway.
            {"origin": f.origin, "status": f.status, "text": f.text.replace("\x00", ""), "read_at": f.read_at,
             "error": f.error}
            for f in latest.values()
        ]  # fmt: skip
        with self.engine.begin() as conn:
            conn.execute(_robots_upsert(conn.dialect.name), rows)

    # --- reading ---------------------------------------------------------------------------

    def latest_stories(self, limit: int) -> list[Story]:
        """The newest `limit` stories overall, plus the newest `limit` of every language and of
        every source (a partner's own feed lists what it published, main source or not)."""
        with self.engine.connect() as conn:
            languages = list(
                conn.scalars(sa.select(stories.c.language).where(stories.c.language.is_not(None)).distinct())
            )
            source_ids = list(conn.scalars(sa.select(sources.c.id)))
            ids: dict[str, None] = {}
            newest = sa.select(stories.c.id).order_by(stories.c.published.desc(), stories.c.id).limit(limit)
            ids.update(dict.fromkeys(conn.scalars(newest)))
            for language in languages:
                ids.update(dict.fromkeys(conn.scalars(newest.where(stories.c.language == language))))
            for source_id in source_ids:
                # A partner's feed: the stories of its most recently seen items (an index range).
                seen_at_source = (
                    sa.select(sightings.c.story_id)
                    .where(sightings.c.source_id == source_id)
                    .order_by(sightings.c.first_seen_at.desc(), sightings.c.id.desc())
                    .limit(limit)
                )
                ids.update(dict.fromkeys(conn.scalars(seen_at_source)))
            return _load_stories(conn, list(ids))

    def load_synthetic(self, count: int, *, sources: int = 20, chunk: int = 20_000) -> None:
        """Fill the store with `count` distinct stories for benchmarks: random fingerprints and
        title keys (as many index rows as real stories have), one sighting each, and no
        dedup work. Not for real data."""
        rng = random.Random(count)
        ids = [f"s{n}" for n in range(sources)]
        self.sync_sources([SourceConfig(i, i, f"https://{i}.example.org/feed") for i in ids])
        start = datetime(2016, 1, 1, tzinfo=UTC)
        for base in range(0, count, chunk):
            story_rows, sighting_rows, key_rows = [], [], []
            for n in range(base, min(base + chunk, count)):
                value = rng.getrandbits(64)
                story, key, when = (
                    f"urn:synthetic:{n}",
                    f"https://s{n % sources}.example.org/{n}",
                    start + timedelta(minutes=5 * n),
                )
                story_rows.append(
                    {
                        "id": story, "url": key, "url_key": key, "source_id": ids[n % sources], "title": f"Story {n}",
                        "summary": "Synthetic.", "language": "ru", "published": when, "updated": when,
                        "date_is_first_seen": False, "first_seen_at": when, "fingerprint": fingerprint.to_signed(value),
                    }
                )  # fmt: skip
                sighting_rows.append({"source_id": ids[n % sources], "guid": key, "url_key": key, "story_id": story,
                                      "content_hash": "-", "first_seen_at": when})  # fmt: skip
                signed = fingerprint.to_signed(value)
                title = fingerprint.TITLE_KEY_TAG << 56 | rng.getrandbits(48)
                key_rows += [{"key": k, "fingerprint": signed} for k in [*fingerprint.band_keys(value), title]]
            with self.engine.begin() as conn:
                conn.execute(stories.insert(), story_rows)
                conn.execute(sightings.insert(), sighting_rows)
                _insert_many(conn, story_keys, key_rows, known_rows_kept=True)

    def refresh_statistics(self) -> list[str]:
        """ANALYZE the tables that changed by more than ANALYZE_SHARE since they were last
        analysed (PostgreSQL; SQLite plans from its indexes alone). Returns their names.

        PostgreSQL plans the lookups of every batch from table statistics. Autovacuum keeps them
        fresh where it runs, but a server with it turned off, or a first collection that fills
        empty tables faster than it wakes up, leaves the planner choosing sequential scans of
        millions of rows (and psycopg's prepared statements keep such plans until ANALYZE
        invalidates them). The same threshold rule here is one query, checked after every pass
        and every STATISTICS_CHECK_EVERY sources that brought new stories.
        """
        if self.engine.dialect.name != "postgresql":
            return []
        query = sa.text(
            "SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = ANY(:names)"
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query, {"names": list(_ANALYZED_TABLES)}).all()
        stale = sorted(
            row.relname for row in rows if row.n_mod_since_analyze > ANALYZE_SHARE * row.n_live_tup + ANALYZE_BASE
        )
        if not stale:
            return []
        with self.engine.begin() as conn:
            # Workers sharing the database check alike: one ANALYZE at a time, the others skip
            # (it resets the counters they read). Concurrent ones each scanned the same tables.
            if not conn.scalar(sa.text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ANALYZE_LOCK}):
                return []
            conn.execute(sa.text("ANALYZE " + ", ".join(stale)))  # names from _ANALYZED_TABLES only
        return stale

    def size_bytes(self) -> int | None:
        """The database's size on disk (SQLite files, or PostgreSQL's pg_database_size)."""
        if self.engine.dialect.name == "sqlite":
            path = Path(self.engine.url.database or "")
            return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.text("SELECT pg_database_size(current_database())")) or 0)

    def last_collection_at(self) -> datetime | None:
        """When any source was last fetched: the health check's measure of a live collector."""
        with self.engine.connect() as conn:
            return _aware(conn.scalar(sa.select(sa.func.max(sources.c.last_fetch_at))))

    def record_publish(self, output_dir: str, at: datetime, error: str | None = None) -> None:
        """Keep the outcome of a publish into `output_dir`: a success when `error` is None."""
        values: dict[str, object] = {"attempted_at": at, "error": error}
        if error is None:
            values["succeeded_at"] = at
        with self.engine.begin() as conn:
            updated = conn.execute(sa.update(publishes).where(publishes.c.output_dir == output_dir).values(values))
            if updated.rowcount == 0:
                conn.execute(sa.insert(publishes).values(output_dir=output_dir, **values))

    def publish_outcome(self, output_dir: str) -> tuple[datetime | None, str | None]:
        """The last successful publish into `output_dir` and the last attempt's error, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(publishes.c.succeeded_at, publishes.c.error).where(publishes.c.output_dir == output_dir)
            ).first()
        return (row.succeeded_at, row.error) if row else (None, None)

    def source_statuses(self, configured: Sequence[SourceConfig], *, now: datetime | None = None) -> list[SourceStatus]:
        now = now or datetime.now(UTC)
        # Shaped for a store of millions: counts from the (source, guid) index alone, the newest
        # date from each source's most recent sightings, the monthly chart from one year of stories.
        counts = sa.select(sightings.c.source_id, sa.func.count().label("items_total")).group_by(sightings.c.source_id)
        first_month = _month_start(now, months_back=11)
        recent = (
            sa.select(sightings.c.source_id, stories.c.published)
            .select_from(stories)
            .join(sightings, sightings.c.story_id == stories.c.id)
            .where(stories.c.published >= first_month, stories.c.published <= now)
        )
        with self.engine.connect() as conn:
            rows = {row.id: row for row in conn.execute(sa.select(sources))}
            totals = {source_id: total for source_id, total in conn.execute(counts)}
            newest = {source.id: _newest_published(conn, source.id) for source in configured}
            monthly = _per_month(conn.execute(recent), first_month)
        statuses = []
        for source in configured:
            row = rows.get(source.id)
            statuses.append(
                SourceStatus(
                    id=source.id,
                    name=source.name,
                    url=source.url,
                    fetch_url=row.fetch_url if row else None,
                    last_fetch_at=row.last_fetch_at if row else None,
                    outcome=_outcome_words(row.last_outcome, row.last_error_kind) if row else None,
                    error_message=row.last_error_message if row else None,
                    http_status=row.last_status if row else None,
                    consecutive_failures=row.consecutive_failures if row else 0,
                    last_success_at=row.last_success_at if row else None,
                    next_check_at=row.next_check_at if row else None,
                    items_total=totals.get(source.id, 0),
                    newest_item_at=newest[source.id],
                    posts_per_month=tuple(monthly.get(source.id, [0] * 12)),
                    gone=bool(row.gone) if row else False,
                    moved_to=row.moved_to if row else None,
                )
            )
        return statuses


def _newest_published(conn: Connection, source_id: str, recent: int = 50) -> datetime | None:
    """The newest publication date among the source's most recently seen items."""
    query = (
        sa.select(stories.c.published)
        .join(sightings, sightings.c.story_id == stories.c.id)
        .where(sightings.c.source_id == source_id)
        .order_by(sightings.c.first_seen_at.desc(), sightings.c.id.desc())
        .limit(recent)
    )
    return max((_aware(when) for when in conn.scalars(query) if when is not None), default=None)  # type: ignore[type-var]


def _month_start(now: datetime, *, months_back: int) -> datetime:
    index = now.year * 12 + now.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _per_month(rows: Iterable[sa.Row[tuple[str, datetime]]], first_month: datetime) -> dict[str, list[int]]:
    """Twelve monthly counts per source, oldest first, from (source_id, published) rows."""
    counts: dict[str, list[int]] = {}
    start = first_month.year * 12 + first_month.month - 1
    for source_id, published in rows:
        published = _aware(published)
        if published is None:
            continue
        month = published.year * 12 + published.month - 1 - start
        if 0 <= month < 12:
            counts.setdefault(source_id, [0] * 12)[month] += 1
    return counts


def hot_queries() -> dict[str, sa.Select[tuple[object, ...]]]:
    """The lookups every collection makes, for printing their query plans (bench/plans.py): the
    store's own statements where it has them, with sample values."""
    guids, keys = ["https://x.org/?p=1", "https://x.org/?p=2"], ["https://x.org/a", "https://x.org/b"]
    return {
        "is this guid known (per source)": _KNOWN_SIGHTINGS.params(source="cag", guids=guids),
        "is this URL known (sightings)": _SIGHTINGS_BY_URL_KEY.params(keys=keys),
        "is this URL known (stories)": _STORIES_BY_URL_KEY.params(keys=keys),
        "is a story this close known (near-duplicate index)": _INDEX_HITS.params(
            keys=fingerprint.band_keys(0x5EED)[:2]
        ),
        "the stories of a close fingerprint": _STORIES_BY_FINGERPRINT.params(fingerprints=[-5, 9]),
        "newest stories": sa.select(stories.c.id).order_by(stories.c.published.desc(), stories.c.id).limit(100),
        "newest stories in a language": sa.select(stories.c.id)
        .where(stories.c.language == "ky")
        .order_by(stories.c.published.desc(), stories.c.id)
        .limit(100),
        "due sources": _DUE_SOURCES.params(now=datetime(2026, 3, 1, tzinfo=UTC)),
    }


def explain(engine: Engine, query: sa.Select[tuple[object, ...]]) -> list[str]:
    """The database's plan for `query`, one line per step."""
    compiled = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + compiled).all()
    return [str(row[-1]) for row in rows]


def _alembic_config(conn: Connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    return config


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


def _aware(value: datetime | str | None) -> datetime | None:
    # Aggregates (max) bypass the column type on SQLite and come back as text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _outcome_words(outcome: str | None, error_kind: str | None) -> str | None:
    if outcome == "error":
        return error_kind or "error"
    return {"ok": "ok", "not_modified": "not modified"}.get(outcome or "", outcome)


def _record_fetches(conn: Connection, records: Sequence[FetchRecord]) -> None:
    """Log every fetch and update each source's state (failure streak, next check, validators)."""
    rows = _select(conn, _SOURCE_RHYTHM, {"ids": [record.source.id for record in records]})
    before = {source_id: (failures, gap) for source_id, failures, gap in rows}
    _insert_many(
        conn,
        fetches,
        [
            {"source_id": r.source.id, "at": r.at, "url": r.result.url, "outcome": r.result.outcome,
             "status": r.result.status, "bytes": len(r.result.body), "duration": r.result.duration,
             "error_kind": r.result.error_kind, "error_message": r.result.error_message}
            for r in records
        ],
    )  # fmt: skip
    # Outcomes set different columns (a failure keeps the validators): one executemany per shape.
    by_shape: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for record in records:
        values = _source_values(conn, record, before[record.source.id])
        by_shape.setdefault(tuple(sorted(values)), []).append(values | {"source": record.source.id})
    for rows in by_shape.values():
        _execute_many(conn, _UPDATE_SOURCE, rows)


def _source_values(conn: Connection, record: FetchRecord, before: tuple[int | None, float | None]) -> dict[str, object]:
    """The sources row's new values; `before`: its failure streak and posting gap as stored."""
    result, now = record.result, record.at
    values: dict[str, object] = {
        "last_fetch_at": now,
        "last_status": result.status,
        "last_outcome": result.outcome,
        "last_error_kind": result.error_kind,
        "last_error_message": result.error_message,
    }
    streak, gap_seconds = before
    failures = (streak or 0) + 1 if result.outcome == "error" else 0
    # The posting rhythm only changes when new stories arrive; a 304 reuses the stored one.
    if record.new_stories:
        gap = posting_gap(_recent_post_dates(conn, record.source.id))
        values.update(posting_gap_seconds=gap.total_seconds() if gap else None)
    else:
        gap = timedelta(seconds=gap_seconds) if gap_seconds is not None else None
    values.update(
        consecutive_failures=failures,
        next_check_at=next_check(record.source, result, failures, now, gap),
        gone=result.error_kind == "gone",
    )
    if result.outcome != "error":
        values.update(last_success_at=now, fetch_url=record.fetch_url)
        if result.permanent_redirect:
            values.update(moved_to=result.permanent_redirect)
    if result.outcome == "ok":
        values.update(etag=result.cache.etag, last_modified=result.cache.last_modified, body_digest=result.digest)
    return values


def _upsert_construct(dialect: str, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's own INSERT construct, which has ON CONFLICT (SQLite 3.24 and later, PostgreSQL)."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def _robots_upsert(dialect: str) -> sa.Insert:
    """INSERT ... ON CONFLICT (origin) DO UPDATE, kept only when newer: the same SQL on SQLite
    (3.24 and later) and PostgreSQL, built through each dialect's own insert construct."""
    insert = _upsert_construct(dialect, robots)
    return insert.on_conflict_do_update(
        index_elements=[robots.c.origin],
        set_={name: insert.excluded[name] for name in ("status", "text", "read_at", "error")},
        where=robots.c.read_at < insert.excluded.read_at,
    )


def _recent_post_dates(conn: Connection, source_id: str) -> list[datetime]:
    """Real publication dates (not first-seen times) of the source's newest stories."""
    return [when for (when,) in _select(conn, _RECENT_POST_DATES, {"source": source_id}) if when]


# The lookups every stored batch makes, built once: SQLAlchemy then only binds the values (a
# statement built per call cost more than running it). Lists go in as expanding parameters.
_KNOWN_SIGHTINGS = sa.select(sightings.c.guid, sightings.c.story_id, sightings.c.content_hash).where(
    sightings.c.source_id == sa.bindparam("source"), sightings.c.guid.in_(sa.bindparam("guids", expanding=True))
)
_SIGHTINGS_BY_URL_KEY = sa.select(sightings.c.url_key, sightings.c.story_id).where(
    sightings.c.url_key.in_(sa.bindparam("keys", expanding=True))
)
_STORIES_BY_URL_KEY = sa.select(stories.c.url_key, stories.c.id).where(
    stories.c.url_key.in_(sa.bindparam("keys", expanding=True))
)
_INDEX_HITS = sa.select(story_keys.c.key, story_keys.c.fingerprint).where(
    story_keys.c.key.in_(sa.bindparam("keys", expanding=True))
)
_MATCHED_COLUMNS = (
    stories.c.id, stories.c.group_id, stories.c.raw_title, stories.c.title, stories.c.summary, stories.c.url,
    stories.c.language, stories.c.published, stories.c.source_id, stories.c.fingerprint,
)  # fmt: skip
_STORIES_BY_FINGERPRINT = sa.select(*_MATCHED_COLUMNS).where(
    stories.c.fingerprint.in_(sa.bindparam("fingerprints", expanding=True))
)
# Stories the batch's items may be other language versions of: the same address without its
# language part, or marked titles from this source published within VERSION_DAYS.
_VERSION_CANDIDATES = (
    sa.select(*_MATCHED_COLUMNS)
    .where(
        sa.or_(
            stories.c.version_key.in_(sa.bindparam("version_keys", expanding=True)),
            sa.and_(
                stories.c.source_id == sa.bindparam("source"),
                stories.c.published >= sa.bindparam("earliest", type_=UtcDateTime),
                stories.c.published <= sa.bindparam("latest", type_=UtcDateTime),
            ),
        )
    )
    .limit(500)
)
# Reads a pass makes before its first request, over every due source and host at once.
_SOURCE_ADDRESSES = sa.select(sources.c.id, sources.c.config_url, sources.c.name)
_DUE_SOURCES = sa.select(sources.c.id).where(
    sources.c.gone.is_(False),
    sa.or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= sa.bindparam("now", type_=UtcDateTime)),
)
_DUE_SOURCES_AMONG = _DUE_SOURCES.where(sources.c.id.in_(sa.bindparam("ids", expanding=True)))
_SOURCE_STATES = sa.select(
    sources.c.id, sources.c.fetch_url, sources.c.etag, sources.c.last_modified, sources.c.body_digest
).where(sources.c.id.in_(sa.bindparam("ids", expanding=True)))
_ROBOTS = sa.select(robots.c.origin, robots.c.status, robots.c.text, robots.c.read_at, robots.c.error)
_ROBOTS_OF = _ROBOTS.where(robots.c.origin.in_(sa.bindparam("origins", expanding=True)))
_SOURCE_RHYTHM = sa.select(sources.c.id, sources.c.consecutive_failures, sources.c.posting_gap_seconds).where(
    sources.c.id.in_(sa.bindparam("ids", expanding=True))
)
_UPDATE_SOURCE = sources.update().where(sources.c.id == sa.bindparam("source"))
_RECENT_POST_DATES = (
    sa.select(stories.c.published)
    .join(sightings, sightings.c.story_id == stories.c.id)
    .where(sightings.c.source_id == sa.bindparam("source"), stories.c.date_is_first_seen.is_(False))
    .order_by(stories.c.published.desc())
    .limit(10)  # enough for polling.posting_gap to see a rhythm
)


def _save_items(conn: Connection, source_id: str, items: Sequence[Item], now: datetime) -> SaveResult:
    """Look up what the batch needs in three queries, let dedup.plan_saves decide, then write."""
    guids = list({item.guid for item in items})
    keys = list({url_key(item.url) for item in items})
    known_sightings = {
        guid: KnownSighting(story, content_hash)
        for guid, story, content_hash in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": guids})
    }
    # A key may be known as another source's sighting (its story filed under another URL).
    story_by_key = dict(_select(conn, _SIGHTINGS_BY_URL_KEY, {"keys": keys}))
    story_by_key.update(_select(conn, _STORIES_BY_URL_KEY, {"keys": keys}))
    matcher = _Matcher(conn, source_id, items, known_sightings, story_by_key, now)
    plan = plan_saves(
        items,
        known_sightings=known_sightings,
        story_by_key=story_by_key,
        near_duplicate=matcher.near_duplicate,
        language_version=matcher.language_version,
    )

    if plan.new_stories:
        _insert_many(
            conn,
            stories,
            [
                _story_row(story, group, source_id, item, matcher.candidate(item), now)
                for story, item, group in plan.new_stories
            ],
        )
        index_rows = {
            (key, fingerprint.to_signed(matcher.candidate(item).fingerprint))
            for _, item, _ in plan.new_stories
            for key in matcher.index_keys(item)
        }
        # In key order: two workers storing stories of one fingerprint at once wait for each
        # other's rows in the same order, never each for the other's (a deadlock on PostgreSQL).
        _insert_many(
            conn, story_keys, [{"key": key, "fingerprint": fp} for key, fp in sorted(index_rows)], known_rows_kept=True
        )
    if plan.new_sightings:
        _insert_many(
            conn,
            sightings,
            [
                {"source_id": source_id, "guid": s.guid, "url_key": s.url_key, "story_id": s.story_id,
                 "content_hash": s.content_hash, "first_seen_at": now}
                for s in plan.new_sightings
            ],
        )  # fmt: skip
    updated = 0
    for story, digest, item in plan.edits:
        conn.execute(
            sightings.update()
            .where(sightings.c.source_id == source_id, sightings.c.guid == item.guid)
            .values(content_hash=digest, url_key=url_key(item.url))
        )
        updated += _update_story(conn, story, source_id, item, now)
    for story, item in plan.gaps:
        _fill_gaps(conn, story, item)
    return SaveResult(len(plan.new_stories), updated)


MAX_CANDIDATES = 20  # near-duplicate candidates an item is compared with, closest first


class _Matcher:
    """Finds, for one batch, the stored stories a new item may copy or translate: one query
    through the near-duplicate index (story_keys), one for language-version candidates; the
    decisions themselves are fingerprint.same_story and same_post_in_other_language.

    Items of the batch that became new stories are candidates for the later ones too.
    """

    def __init__(
        self,
        conn: Connection,
        source_id: str,
        items: Sequence[Item],
        known_sightings: Mapping[str, KnownSighting],
        story_by_key: Mapping[str, str],
        now: datetime,
    ) -> None:
        self.now = now
        self._candidates: dict[str, fingerprint.Candidate] = {}
        fresh = [i for i in items if i.guid not in known_sightings and url_key(i.url) not in story_by_key]
        self._keys = {i.guid: self._lookup_keys(i) for i in fresh}
        # The batch's fingerprints under each key: a stored band hit is kept only if close to one.
        self._fingerprints_by_key: dict[int, list[int]] = {}
        for guid, keys in self._keys.items():
            for key in keys:
                self._fingerprints_by_key.setdefault(key, []).append(self._candidates[guid].fingerprint)
        self._by_key: dict[int, list[tuple[str, str, fingerprint.Candidate]]] = {}
        self._versions: list[tuple[str, str, fingerprint.Candidate]] = []
        self._batch_by_key: dict[int, list[tuple[str, str, fingerprint.Candidate]]] = {}
        self._batch_by_language: dict[str | None, list[tuple[str, fingerprint.Candidate]]] = {}
        self._groups: dict[str, str] = {}
        if fresh:
            self._load(conn, source_id, fresh)

    def candidate(self, item: Item) -> fingerprint.Candidate:
        if item.guid not in self._candidates:
            self._candidates[item.guid] = fingerprint.candidate(
                title=item.raw_title or item.title,
                summary=item.summary,
                url=item.url,
                language=item.language,
                published=item.published or self.now,
                source_id=item.source_id,
            )
        return self._candidates[item.guid]

    def index_keys(self, item: Item) -> set[int]:
        """The near-duplicate index keys of `item` (a new story's), as the lookup used them."""
        keys = self._keys.get(item.guid)
        # Only items not known when the batch was looked up have theirs worked out beforehand.
        return self._lookup_keys(item) if keys is None else keys

    def _lookup_keys(self, item: Item) -> set[int]:
        known = self.candidate(item)
        return set(fingerprint.lookup_keys(known.title, known.fingerprint))

    def _load(self, conn: Connection, source_id: str, fresh: Sequence[Item]) -> None:
        all_keys = set().union(*self._keys.values())
        if all_keys:
            # Two steps: the index alone, keeping only band matches close enough to be the same
            # story (and every title-key match), then the stories for those few.
            hits = _select(conn, _INDEX_HITS, {"keys": list(all_keys)})
            close = [(key, stored) for key, stored in hits if self._worth_a_look(key, stored)]
            found: dict[int, list[tuple[str, str, fingerprint.Candidate]]] = {}
            if close:
                wanted = list({stored for _, stored in close})
                for row in _select(conn, _STORIES_BY_FINGERPRINT, {"fingerprints": wanted}):
                    found.setdefault(row[-1], []).append(_known(row))  # keyed by its fingerprint
            for key, stored in close:
                self._by_key.setdefault(key, []).extend(found.get(stored, ()))
        version_keys = {key for item in fresh if (key := fingerprint.version_lookup_key(item.url))}
        dates = [self.candidate(item).published for item in fresh if self.candidate(item).published]
        window = fingerprint.VERSION_DAYS
        # No dates: NULL bounds, and the time condition matches nothing.
        earliest, latest = (min(dates) - window, max(dates) + window) if dates else (None, None)
        rows = _select(
            conn,
            _VERSION_CANDIDATES,
            {"version_keys": list(version_keys), "source": source_id, "earliest": earliest, "latest": latest},
        )
        self._versions = [_known(row) for row in rows]

    def _worth_a_look(self, key: int, stored: int) -> bool:
        """A title-key match always; a band match only if some batch item is within the threshold."""
        if fingerprint.is_title_key(key):
            return True
        known = fingerprint.from_signed(stored)
        return any(
            fingerprint.hamming(mine, known) <= fingerprint.HAMMING_THRESHOLD
            for mine in self._fingerprints_by_key.get(key, ())
        )

    def near_duplicate(self, item: Item) -> str | None:
        """The known story `item` copies (closest fingerprint first), or None."""
        keys = self._keys.get(item.guid)
        if keys is None:
            return None
        new = self.candidate(item)
        # Stored stories and this batch's new ones sharing a key; same_story's own first test is
        # done here cheaply (close fingerprints, or a shared title key), closest first and at
        # most MAX_CANDIDATES: posts all opening with the same boilerplate would otherwise make
        # every item a candidate for every other.
        close: dict[str, tuple[int, fingerprint.Candidate]] = {}
        for key in keys:
            for story, _, known in [*self._by_key.get(key, []), *self._batch_by_key.get(key, [])]:
                distance = fingerprint.hamming(new.fingerprint, known.fingerprint)
                if distance <= fingerprint.HAMMING_THRESHOLD or fingerprint.is_title_key(key):
                    close[story] = (distance, known)
        ranked = sorted(close.items(), key=lambda pair: (pair[1][0], pair[0]))[:MAX_CANDIDATES]
        for story, (_, known) in ranked:
            if fingerprint.same_story(new, known):
                return story
        story = story_id(url_key(item.url))
        for key in keys:
            self._batch_by_key.setdefault(key, []).append((story, story, new))
        return None

    def language_version(self, item: Item) -> str | None:
        """The group of a known story `item` is another language version of, or None."""
        new = self.candidate(item)
        mine = story_id(url_key(item.url))
        # Only another language can be a version: stored stories are filtered once, this batch's
        # new stories are kept by language, so a batch in one language costs nothing here.
        pool = [entry for entry in self._versions if entry[2].language not in (None, new.language)]
        for language, entries in self._batch_by_language.items():
            if language not in (None, new.language):
                pool += [(story, self._groups.get(story, story), known) for story, known in entries]
        group = next((group for _, group, known in pool if fingerprint.same_post_in_other_language(new, known)), None)
        self._groups[mine] = group or mine
        self._batch_by_language.setdefault(new.language, []).append((mine, new))
        return group


def _known(row: tuple[Any, ...]) -> tuple[str, str, fingerprint.Candidate]:
    """(story id, its group, the story as the deciders see it) from a row of _MATCHED_COLUMNS."""
    story, group, raw_title, title, summary, url, language, published, source_id, signed = row
    title = raw_title or title
    if signed is None:  # stored before fingerprints existed
        known = fingerprint.candidate(title=title, summary=summary, url=url, language=language,
                                      published=published, source_id=source_id)  # fmt: skip
    else:
        known = fingerprint.Candidate(title, summary, url, language, published, source_id,
                                      fingerprint.from_signed(signed))  # fmt: skip
    return story, group or story, known


def _insert_many(
    conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], *, known_rows_kept: bool = False
) -> None:
    """INSERT rows that all have the same columns (`_execute_many`).

    `known_rows_kept`: a row whose primary key is already there is left out (ON CONFLICT DO
    NOTHING) instead of failing the transaction."""
    _execute_many(conn, _insert_statement(conn.dialect.name, table, known_rows_kept), rows)


@functools.lru_cache(maxsize=32)
def _insert_statement(dialect: str, table: sa.Table, known_rows_kept: bool) -> sa.Insert:
    # Made once per table and kind: _compiled keeps the SQL of each statement object.
    return _upsert_construct(dialect, table).on_conflict_do_nothing() if known_rows_kept else table.insert()


def _execute_many(conn: Connection, statement: sa.Insert | sa.Update, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run an INSERT or UPDATE built once at module level for rows that all have the same keys,
    as SQLAlchemy compiles it for this database, with each parameter type's own bind processor
    applied here. The same values reach the driver as through `conn.execute(statement, rows)`,
    whose general per-row parameter handling cost more than SQLite's own work: ~25 -> ~18 us
    per stories row (bench.collect's cold pass writes a stories row, a sightings row and five
    story_keys rows per new item; every pass updates a sources row per source)."""
    if not rows:
        return
    sql, converters = _compiled(conn.dialect, statement, tuple(sorted(rows[0])))
    if conn.dialect.positional:
        params: list[Any] = [tuple(row[n] if f is None else f(row[n]) for n, f in converters) for row in rows]
    else:
        params = [{n: row[n] if f is None else f(row[n]) for n, f in converters} for row in rows]
    conn.exec_driver_sql(sql, params)


Converter = Callable[[Any], Any] | None


@functools.lru_cache(maxsize=64)
def _compiled(
    dialect: sa.Dialect, statement: sa.Insert | sa.Update, keys: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Converter], ...]]:
    """The statement's SQL for this dialect and these row keys (an UPDATE sets the keys that
    name columns), and its parameters in the driver's order, each with its type's bind processor."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
    if set(order) != set(keys):  # a column default would need SQLAlchemy's own handling
        raise ValueError(f"{statement.table}: the statement binds {sorted(order)}, the rows have {sorted(keys)}")
    return compiled.string, tuple((name, compiled.binds[name].type.bind_processor(dialect)) for name in order)


def _select(conn: Connection, statement: sa.Select[Any], params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT built once at module level, as plain tuples in its column order:
    what `conn.execute(statement, params).all()` gives, without SQLAlchemy's work per call
    (cache key, expanding the IN lists, binding, result rows), which cost ~70 of the ~90 us
    each of a batch's lookups took (a cold pass makes about seven per source). The SQL comes
    from SQLAlchemy, once per statement and length of each list parameter; values and results
    go through their types' own processors, as SQLAlchemy would apply them."""
    shape = tuple(sorted((name, len(value) if isinstance(value, list) else -1) for name, value in params.items()))
    plan = _select_plan(conn.dialect, statement, shape)
    values: list[Any] = []
    for name, is_list, converter, fixed in plan.parts:
        if name is None:
            values.append(fixed)
        elif is_list:
            values.extend(map(converter, params[name]) if converter else params[name])
        else:
            values.append(converter(params[name]) if converter else params[name])
    bound = tuple(values) if conn.dialect.positional else dict(zip(plan.names, values, strict=True))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(plan.sql, bound)
        rows = cursor.fetchall()
        codes = tuple(column[1] for column in cursor.description)
    except conn.dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy raises it (OperationalError on a lock timeout, say), and a lost
        # connection is not handed out again.
        lost = conn.dialect.is_disconnect(error, conn.connection.dbapi_connection, cursor)
        if lost:
            conn.invalidate()
        raise sa.exc.DBAPIError.instance(
            plan.sql, bound, error, conn.dialect.loaded_dbapi.Error, connection_invalidated=lost
        ) from error
    finally:
        cursor.close()
    results = _result_processors(conn.dialect, statement, codes)
    if not results:
        return [tuple(row) for row in rows]
    return [tuple(f(value) if f else value for f, value in zip(results, row, strict=True)) for row in rows]


@dataclass(frozen=True)
class _SelectPlan:
    sql: str
    # The driver's parameters in order, a caller's list as one part: (the caller's parameter
    # name, whether it is a list, its bind processor, None), or (None, False, None, value) for
    # a value fixed in the statement (LIMIT's number, say), already converted.
    parts: tuple[tuple[str | None, bool, Converter, Any], ...]
    names: tuple[str, ...]  # the driver's parameter names in the same order (named paramstyles)


# Plans are small (the SQL and a few parts), so many list lengths can stay cached.
@functools.lru_cache(maxsize=2048)
def _select_plan(dialect: sa.Dialect, statement: sa.Select[Any], shape: tuple[tuple[str, int], ...]) -> _SelectPlan:
    """How _select runs `statement` for these parameters (name, length of a list or -1)."""
    compiled = statement.compile(dialect=dialect)
    expanded = compiled.construct_expanded_state({name: [None] * n if n >= 0 else None for name, n in shape})
    members = expanded.parameter_expansion
    given = {name for name, _ in shape}
    list_of = {member: name for name, expansion in members.items() for member in expansion}
    order = expanded.positiontup if dialect.positional else list(expanded.parameters)
    parts: list[tuple[str | None, bool, Converter, Any]] = []
    names: list[str] = []
    for driver_name in order or ():
        name = list_of.get(driver_name)
        if name is not None:
            if driver_name == members[name][0]:  # a list's members come together, in order
                parts.append((name, True, compiled.binds[name].type.bind_processor(dialect), None))
                names += members[name]
            continue
        converter = compiled.binds[driver_name].type.bind_processor(dialect)
        if driver_name in given:
            parts.append((driver_name, False, converter, None))
        else:
            fixed = expanded.parameters[driver_name]
            parts.append((None, False, None, converter(fixed) if converter else fixed))
        names.append(driver_name)
    return _SelectPlan(expanded.statement, tuple(parts), tuple(names))


@functools.lru_cache(maxsize=128)
def _result_processors(dialect: sa.Dialect, statement: sa.Select[Any], codes: tuple[Any, ...]) -> tuple[Converter, ...]:
    """Each selected column's result processor for the driver's type codes; () when none has one."""
    found = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, code)
        for column, code in zip(statement.selected_columns, codes, strict=True)
    )
    return found if any(found) else ()


def _story_row(
    story: str, group: str, source_id: str, item: Item, candidate: fingerprint.Candidate, now: datetime
) -> dict[str, object]:
    return {
        "id": story,
        "group_id": group if group != story else None,
        "raw_title": item.raw_title,
        "fingerprint": fingerprint.to_signed(candidate.fingerprint),
        "version_key": fingerprint.version_lookup_key(item.url),
        "url": item.url,
        "url_key": url_key(item.url),
        "source_id": source_id,
        "title": item.title,
        "summary": item.summary,
        "language": item.language,
        "author": item.author,
        "published": item.published or now,
        "updated": item.updated or item.published or now,
        "date_is_first_seen": item.published is None,
        "first_seen_at": now,
    }


def _update_story(conn: Connection, story: str, source_id: str, item: Item, now: datetime) -> int:
    """A partner edited an item: the story changes in place (same id) if this source is its main one."""
    result = conn.execute(
        stories.update()
        .where(stories.c.id == story, stories.c.source_id == source_id)
        .values(
            title=item.title,
            summary=item.summary,
            language=item.language,
            author=item.author,
            updated=item.updated or now,
        )
    )
    _fill_gaps(conn, story, item)
    return result.rowcount


def _fill_gaps(conn: Connection, story: str, item: Item) -> None:
    """A second sighting may know what the first did not: a real date, an author."""
    if item.published is not None:
        conn.execute(
            stories.update()
            .where(stories.c.id == story, stories.c.date_is_first_seen.is_(True))
            .values(published=item.published, date_is_first_seen=False)
        )
    if item.author:
        conn.execute(
            stories.update().where(stories.c.id == story, stories.c.author.is_(None)).values(author=item.author)
        )


def _load_stories(conn: Connection, ids: Sequence[str]) -> list[Story]:
    if not ids:
        return []
    rows = conn.execute(
        sa.select(stories, sources.c.name.label("source_name"), sources.c.config_url.label("source_url"))
        .join(sources, sources.c.id == stories.c.source_id)
        .where(stories.c.id.in_(ids))
    ).all()
    others: dict[str, list[SourceRef]] = {}
    also = (
        sa.select(sightings.c.story_id, sources.c.id, sources.c.name, sources.c.config_url)
        .join(sources, sources.c.id == sightings.c.source_id)
        .join(stories, stories.c.id == sightings.c.story_id)
        .where(sightings.c.story_id.in_(ids), sightings.c.source_id != stories.c.source_id)
        .distinct()
        .order_by(sightings.c.story_id, sources.c.id)
    )
    for row in conn.execute(also):
        others.setdefault(row.story_id, []).append(SourceRef(row.id, row.name, row.config_url))
    return [
        Story(
            id=row.id,
            url=row.url,
            title=row.title,
            summary=row.summary,
            language=row.language,
            published=row.published,
            updated=row.updated,
            date_is_first_seen=row.date_is_first_seen,
            author=row.author,
            source=SourceRef(row.source_id, row.source_name, row.source_url),
            also_published_by=tuple(others.get(row.id, ())),
            group_id=row.group_id or row.id,
        )
        for row in rows
    ]
