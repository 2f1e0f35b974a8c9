"""What an operator watches: each collection pass's counts, what the webhook was last told about
each source, and a source's recent fetches (migration 0010).

The tables live here rather than in schema.py so this slice stays in files of its own; they are
on the same `metadata`, which the migrations are checked against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aggregator.models import AlertState, FetchLine, PassRecord
from aggregator.store.schema import UtcDateTime, fetches, metadata

# One row per collection pass; pruned with the fetch log (maintenance.prune_history).
passes = sa.Table(
    "passes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("finished_at", UtcDateTime, nullable=False, index=True),
    sa.Column("duration", sa.Float, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("new_stories", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
)

# One row per source the webhook was told about (aggregator.notify): a change is posted once,
# when the state here differs from the source's state now, and the row changes only once it was.
alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("source_id", sa.String(100), primary_key=True),
    sa.Column("failing", sa.Boolean, nullable=False),
    sa.Column("quiet", sa.Boolean, nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)

# Pruning deletes the fetch log by age; without this it would read the whole log every pass.
fetches_by_time = sa.Index("ix_fetches_at", fetches.c.at)


def record_pass(engine: Engine, record: PassRecord) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.insert(passes).values(
                finished_at=record.finished_at,
                duration=record.duration,
                sources=record.sources,
                new_stories=record.new,
                failed=record.failed,
            )
        )


def last_pass(engine: Engine) -> PassRecord | None:
    query = sa.select(passes).order_by(passes.c.finished_at.desc(), passes.c.id.desc()).limit(1)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return PassRecord(row.finished_at, row.duration, row.sources, row.new_stories, row.failed)


def alert_states(engine: Engine) -> dict[str, AlertState]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(alerts.c.source_id, alerts.c.failing, alerts.c.quiet)).all()
    return {row.source_id: AlertState(row.source_id, bool(row.failing), bool(row.quiet)) for row in rows}


def save_alert_states(engine: Engine, states: Iterable[AlertState], at: datetime) -> None:
    """Keep these states (insert or replace), in one transaction."""
    states = list(states)
    if not states:
        return
    with engine.begin() as conn:
        conn.execute(sa.delete(alerts).where(alerts.c.source_id.in_([state.source_id for state in states])))
        conn.execute(
            sa.insert(alerts),
            [{"source_id": s.source_id, "failing": s.failing, "quiet": s.quiet, "changed_at": at} for s in states],
        )


def recent_fetches(engine: Engine, source_id: str, limit: int) -> list[FetchLine]:
    """The source's last `limit` fetches, newest first."""
    query = (
        sa.select(fetches)
        .where(fetches.c.source_id == source_id)
        .order_by(fetches.c.at.desc(), fetches.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        FetchLine(
            at=row.at,
            url=row.url,
            outcome=row.outcome,
            status=row.status,
            bytes=row.bytes,
            duration=row.duration,
            error_kind=row.error_kind,
            error_message=row.error_message,
        )
        for row in rows
    ]
