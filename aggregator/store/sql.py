"""Running the store's statements through SQLAlchemy: lookups as plain tuples, bulk writes as
one executemany, inserts that may skip rows already there.

Until issue 20 a layer here ran them on the driver itself (SQL compiled once per statement and
list length from SQLAlchemy's compiler internals, bind and result processors applied by hand,
driver errors translated by hand). Measured in one run (`python -m bench.collect --sources
1000`, alternating, two cores shared): CPU per source 7.4-8.5 ms cold and 0.42-0.64 ms for
the 304 pass with it, 7.2-8.8 and 0.42-0.57 with plain `conn.execute`: no difference above the
noise, so SQLAlchemy's own execution (and its compiled cache) does the work again. The
statements stay built once (statements.py): building one per call did cost more than running it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def _upsert_construct(dialect: str, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's own INSERT construct, which has ON CONFLICT (SQLite 3.24 and later, PostgreSQL)."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def _insert_many(
    conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], *, known_rows_kept: bool = False
) -> None:
    """INSERT rows that all have the same columns, in one executemany.

    `known_rows_kept`: a row whose primary key is already there is left out (ON CONFLICT DO
    NOTHING) instead of failing the transaction."""
    _execute_many(conn, _insert_statement(conn.dialect.name, table, known_rows_kept), rows)


@functools.lru_cache(maxsize=32)
def _insert_statement(dialect: str, table: sa.Table, known_rows_kept: bool) -> sa.Insert:
    # Made once per table and kind, so SQLAlchemy's compiled cache finds it again.
    return _upsert_construct(dialect, table).on_conflict_do_nothing() if known_rows_kept else table.insert()


def _execute_many(conn: Connection, statement: sa.Insert | sa.Update, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run an INSERT or UPDATE built once for rows that all have the same keys (an UPDATE sets
    the keys that name columns), in one executemany; nothing for no rows."""
    if rows:
        conn.execute(statement, list(rows))


def _select(conn: Connection, statement: sa.Select[Any], params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT built once (statements.py), as plain tuples in its column order;
    list parameters are expanding (IN) parameters, of any length or empty."""
    return [tuple(row) for row in conn.execute(statement, dict(params))]
