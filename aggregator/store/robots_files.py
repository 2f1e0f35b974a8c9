"""Each origin's robots.txt as last read: the fetcher decides what it means, the store keeps the newest reading."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aggregator.models import RobotsFile
from aggregator.store.schema import robots
from aggregator.store.sql import _select, _upsert_construct
from aggregator.store.statements import _ROBOTS, _ROBOTS_OF


def robots_files(engine: Engine, origins: Collection[str] | None = None) -> list[RobotsFile]:
    """The stored robots.txt files of these origins (those never read are missing), or all."""
    with engine.connect() as conn:
        rows = _select(conn, _ROBOTS, {}) if origins is None else _select(conn, _ROBOTS_OF, {"origins": list(origins)})
        return [RobotsFile(origin, status, text, read_at, error) for origin, status, text, read_at, error in rows]


def save_robots_files(engine: Engine, files: Iterable[RobotsFile]) -> None:
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
    with engine.begin() as conn:
        conn.execute(_robots_upsert(conn.dialect.name), rows)


def _robots_upsert(dialect: str) -> sa.Insert:
    """INSERT ... ON CONFLICT (origin) DO UPDATE, kept only when newer: the same SQL on SQLite
    (3.24 and later) and PostgreSQL, built through each dialect's own insert construct."""
    insert = _upsert_construct(dialect, robots)
    return insert.on_conflict_do_update(
        index_elements=[robots.c.origin],
        set_={name: insert.excluded[name] for name in ("status", "text", "read_at", "error")},
        where=robots.c.read_at < insert.excluded.read_at,
    )
