"""PostgreSQL for the benchmarks on the shared server: a throwaway database, and what
pg_stat_statements counted in it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa


@contextmanager
def fresh_postgres(admin_url: str, purpose: str) -> Iterator[str]:
    """A new, empty database on the server of `admin_url`, dropped afterwards (as
    tests/conftest.py does); `purpose` goes into its name, so a leftover says what made it."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"aggregator_{purpose}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


# --- pg_stat_statements: which statements cost the server what, per source ---------------------

# The bench's own polling carries this comment, so its statements are told apart from the workers'.
BENCH_MARK = "/* bench */"
TOP_STATEMENTS = 8


@dataclass(frozen=True)
class StatementCost:
    """One normalized statement's share of a pass, from pg_stat_statements."""

    kind: str  # "procrastinate" (its functions, LISTEN/NOTIFY), "bench" (our polling) or "ours"
    query: str
    calls_per_source: float
    ms_per_call: float  # total_exec_time / calls: server time, lock waits included
    ms_per_source: float
    blocks_per_call: float  # shared blocks hit + read


def statement_kind(query: str) -> str:
    if BENCH_MARK in query or "pg_stat_statements" in query:
        return "bench"
    return "procrastinate" if "procrastinate" in query.lower() else "ours"


def enable_statement_stats(url: str) -> bool:
    """Create pg_stat_statements in the database of `url` and forget what it counted there so far;
    False (and nothing else) where the server has not preloaded the extension."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            reset_statement_stats(conn)
        return True
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def reset_statement_stats(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)"
    )


def statement_costs(url: str, sources: int) -> list[StatementCost]:
    """Every statement run in the database of `url` since the last reset, costliest first."""
    engine = sa.create_engine(url)
    query = (
        "SELECT query, calls, total_exec_time, shared_blks_hit + shared_blks_read FROM pg_stat_statements "
        "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls > 0 "
        "ORDER BY total_exec_time DESC"
    )
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(query).all()
    finally:
        engine.dispose()
    return [
        StatementCost(
            kind=statement_kind(text),
            query=" ".join(text.split())[:200],
            calls_per_source=round(calls / sources, 3),
            ms_per_call=round(total / calls, 4),
            ms_per_source=round(total / sources, 4),
            blocks_per_call=round(blocks / calls, 1),
        )
        for text, calls, total, blocks in rows
    ]


def cost_by_kind(costs: list[StatementCost]) -> dict[str, dict[str, float]]:
    """Server time and calls per source, summed for each kind of statement."""
    kinds: dict[str, dict[str, float]] = {}
    for cost in costs:
        entry = kinds.setdefault(cost.kind, {"ms_per_source": 0.0, "calls_per_source": 0.0})
        entry["ms_per_source"] = round(entry["ms_per_source"] + cost.ms_per_source, 3)
        entry["calls_per_source"] = round(entry["calls_per_source"] + cost.calls_per_source, 3)
    return kinds
