"""Running the hot statements without SQLAlchemy's per-call work: the SQL compiled once per
statement, values and results converted by each column type's own processors.

Kept by measurement: with the statements run through plain `conn.execute` instead, cold passes of
1,000 simulated sources took 7.92 and 8.33 ms CPU per source against 7.65 and 7.44 with this
layer (alternated in one window, `python -m bench.collect --sources 1000 --baselines`): ~8%,
over the 5% a layer on a library's internals must earn. Passes of 304s did not differ.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    sql, columns = _compiled(conn.dialect, statement, tuple(sorted(rows[0])))
    # Column by column, each a loop in C (a converter is still called per value): a generator
    # per row and a test per value cost more than the conversions themselves.
    values = zip(
        *(map(convert, map(get, rows)) if convert else map(get, rows) for _, get, convert in columns), strict=True
    )
    if conn.dialect.positional:
        params: list[Any] = list(values)
    else:
        names = [name for name, _, _ in columns]
        params = [dict(zip(names, row, strict=True)) for row in values]
    conn.exec_driver_sql(sql, params)


Converter = Callable[[Any], Any] | None


@functools.lru_cache(maxsize=64)
def _compiled(
    dialect: sa.Dialect, statement: sa.Insert | sa.Update, keys: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Callable[[Mapping[str, Any]], Any], Converter], ...]]:
    """The statement's SQL for this dialect and these row keys (an UPDATE sets the keys that
    name columns), and its parameters in the driver's order: each one's name, how to read it
    from a row, and its type's bind processor."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
    if set(order) != set(keys):  # a column default would need SQLAlchemy's own handling
        raise ValueError(f"{statement.table}: the statement binds {sorted(order)}, the rows have {sorted(keys)}")
    return compiled.string, tuple(
        (name, operator.itemgetter(name), compiled.binds[name].type.bind_processor(dialect)) for name in order
    )


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
    if not results or not rows:
        return [tuple(row) for row in rows]
    # Column by column, as _execute_many converts its values.
    columns = zip(results, zip(*rows, strict=True), strict=True)
    return list(zip(*(map(convert, column) if convert else column for convert, column in columns), strict=True))


@dataclass(frozen=True)
class _SelectPlan:
    sql: str
    # The driver's parameters in order, a caller's list as one part: (the caller's parameter
    # name, whether it is a list, its bind processor, None), or (None, False, None, value) for
    # a value fixed in the statement (LIMIT's number, say), already converted.
    parts: tuple[tuple[str | None, bool, Converter, Any], ...]
    names: tuple[str, ...]  # the driver's parameter names in the same order (named paramstyles)


@functools.lru_cache(maxsize=64)
def _compiled_select(dialect: sa.Dialect, statement: sa.Select[Any]) -> Any:
    """The statement compiled once for this dialect: each new length of a list parameter only
    expands it (compiling took most of a plan's ~2 ms, and a pass meets ~100 lengths)."""
    return statement.compile(dialect=dialect)


# Plans are small (the SQL and a few parts), so many list lengths can stay cached.
@functools.lru_cache(maxsize=2048)
def _select_plan(dialect: sa.Dialect, statement: sa.Select[Any], shape: tuple[tuple[str, int], ...]) -> _SelectPlan:
    """How _select runs `statement` for these parameters (name, length of a list or -1)."""
    compiled = _compiled_select(dialect, statement)
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
