"""Staff's withdrawals of stories from every public file: recording, restoring, listing.

One row per story (schema.withdrawals). Whether a withdrawn story is shown anywhere is decided
in aggregator.visibility; here the rows are only kept.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from aggregator.models import Withdrawal
from aggregator.store.schema import stories, withdrawals
from aggregator.store.sql import _upsert_construct

_WITH_STORY = sa.select(
    withdrawals.c.story_id, withdrawals.c.reason, withdrawals.c.withdrawn_by, withdrawals.c.withdrawn_at,
    stories.c.title, stories.c.url, withdrawals.c.restored_by, withdrawals.c.restored_at,
).join(stories, stories.c.id == withdrawals.c.story_id)  # fmt: skip


def withdraw(engine: Engine, story_id: str, reason: str, by: str, at: datetime) -> Withdrawal | None:
    """Record a withdrawal of the story; None when there is no such story. A withdrawal already
    in force stays as it is (its reason stands); a restored one is replaced by this one."""
    with engine.begin() as conn:
        if conn.scalar(sa.select(stories.c.id).where(stories.c.id == story_id)) is None:
            return None
        # PostgreSQL's text cannot hold NUL; staff typed it by mistake, if at all.
        reason, by = reason.replace("\x00", ""), by.replace("\x00", "")
        new = {"reason": reason, "withdrawn_by": by, "withdrawn_at": at, "restored_by": None, "restored_at": None}
        # One statement, so two staff withdrawing at once leave one row, never a failed insert.
        upsert = _upsert_construct(conn.dialect.name, withdrawals).values(story_id=story_id, **new)
        conn.execute(
            upsert.on_conflict_do_update(
                index_elements=[withdrawals.c.story_id], set_=new, where=withdrawals.c.restored_at.is_not(None)
            )
        )
        return _withdrawal_of(conn, story_id)


def restore(engine: Engine, story_id: str, by: str, at: datetime) -> Withdrawal | None:
    """Mark the story's withdrawal in force as restored; None when none is in force."""
    by = by.replace("\x00", "")
    with engine.begin() as conn:
        changed = conn.execute(
            withdrawals.update()
            .where(withdrawals.c.story_id == story_id, withdrawals.c.restored_at.is_(None))
            .values(restored_by=by, restored_at=at)
        ).rowcount
        return _withdrawal_of(conn, story_id) if changed else None


def all_withdrawals(engine: Engine) -> list[Withdrawal]:
    """Every withdrawal, in force and restored, newest first, with its story's title and link."""
    with engine.connect() as conn:
        rows = conn.execute(_WITH_STORY.order_by(withdrawals.c.withdrawn_at.desc(), withdrawals.c.story_id))
        return [Withdrawal(*row) for row in rows]


def _withdrawal_of(conn: Connection, story_id: str) -> Withdrawal | None:
    row = conn.execute(_WITH_STORY.where(withdrawals.c.story_id == story_id)).first()
    return Withdrawal(*row) if row is not None else None
