"""Keeping the database fit: migrations (Alembic), table statistics (ANALYZE), its size, pruning the
fetch log, and the hot queries' plans."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from aggregator import fingerprint
from aggregator.store.schema import fetches, stories
from aggregator.store.statements import (
    _DUE_SOURCES,
    _INDEX_HITS,
    _KNOWN_SIGHTINGS,
    _SIGHTINGS_BY_URL_KEY,
    _STORIES_BY_FINGERPRINT,
    _STORIES_BY_URL_KEY,
)
from aggregator.store.watch_rows import passes

# Tables whose statistics refresh_statistics keeps fresh, and its threshold (autovacuum's defaults).
_ANALYZED_TABLES = ("sources", "fetches", "stories", "story_keys", "sightings")
ANALYZE_SHARE = 0.1
ANALYZE_BASE = 50
ANALYZE_LOCK = 0x616767726567  # a PostgreSQL advisory lock key of our own ("aggreg")


def create_schema(engine: Engine) -> None:
    """Bring the database to the newest schema revision (Alembic); data is kept."""
    with engine.begin() as conn:
        config = _alembic_config(conn)
        if sa.inspect(conn).has_table("sources") and not sa.inspect(conn).has_table("alembic_version"):
            command.stamp(config, "0001")  # made before migrations existed: the first revision
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    with engine.connect() as conn:
        config = _alembic_config(conn)
        head = ScriptDirectory.from_config(config).get_current_head()
        return MigrationContext.configure(conn).get_current_revision() == head


def refresh_statistics(engine: Engine) -> list[str]:
    """ANALYZE the tables that changed by more than ANALYZE_SHARE since they were last
    analysed (PostgreSQL; SQLite plans from its indexes alone). Returns their names.

    PostgreSQL plans the lookups of every batch from table statistics. Autovacuum keeps them
    fresh where it runs, but a server with it turned off, or a first collection that fills
    empty tables faster than it wakes up, leaves the planner choosing sequential scans of
    millions of rows (and psycopg's prepared statements keep such plans until ANALYZE
    invalidates them). The same threshold rule here is one query, checked after every pass
    and every STATISTICS_CHECK_EVERY sources that brought new stories.
    """
    if engine.dialect.name != "postgresql":
        return []
    query = sa.text(
        "SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = ANY(:names)"
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"names": list(_ANALYZED_TABLES)}).all()
    stale = sorted(
        row.relname for row in rows if row.n_mod_since_analyze > ANALYZE_SHARE * row.n_live_tup + ANALYZE_BASE
    )
    if not stale:
        return []
    with engine.begin() as conn:
        # Workers sharing the database check alike: one ANALYZE at a time, the others skip
        # (it resets the counters they read). Concurrent ones each scanned the same tables.
        if not conn.scalar(sa.text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ANALYZE_LOCK}):
            return []
        conn.execute(sa.text("ANALYZE " + ", ".join(stale)))  # names from _ANALYZED_TABLES only
    return stale


def size_bytes(engine: Engine) -> int | None:
    """The database's size on disk (SQLite files, or PostgreSQL's pg_database_size)."""
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT pg_database_size(current_database())")) or 0)


def prune_history(engine: Engine, before: datetime) -> int:
    """Delete the fetch log's rows and the pass records from before `before`; returns the fetches deleted.

    The log grows by a row per source and pass for ever (300 sources every 30 minutes: 5 million
    rows a year); `status SOURCE` and the staff pages need weeks of it, not years."""
    with engine.begin() as conn:
        deleted = conn.execute(sa.delete(fetches).where(fetches.c.at < before)).rowcount
        conn.execute(sa.delete(passes).where(passes.c.finished_at < before))
    return int(deleted or 0)


def hot_queries() -> dict[str, sa.Select[tuple[object, ...]]]:
    """The lookups every collection makes, for printing their query plans (bench/plans.py): the
    store's own statements where it has them, with sample values."""
    guids, keys = ["https://x.org/?p=1", "https://x.org/?p=2"], ["https://x.org/a", "https://x.org/b"]
    return {
        "is this guid known (per source)": _KNOWN_SIGHTINGS.params(source="cag", guids=guids),
        "is this URL known (sightings)": _SIGHTINGS_BY_URL_KEY.params(keys=keys),
        "is this URL known (stories)": _STORIES_BY_URL_KEY.params(keys=keys),
        "is a story this close known (near-duplicate index)": _INDEX_HITS.params(
            keys=fingerprint.band_keys(0x5EED)[:2], bucket=12, loose_tags=[fingerprint.TITLE_RUN_TAG]
        ),
        "the stories of a close fingerprint": _STORIES_BY_FINGERPRINT.params(fingerprints=[-5, 9], newest=5),
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
    config.set_main_option("script_location", str(Path(__file__).parent.parent / "migrations"))
    config.attributes["connection"] = conn
    return config
