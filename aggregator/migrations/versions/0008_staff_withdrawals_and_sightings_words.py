"""Staff decide what is republished: each sighting's own link and words, and withdrawals.

A story whose main source is monitor-only can be republished through another source's sighting,
with that source's link, title and excerpt: sightings keep them from now on (rows stored before
this revision keep NULLs, and such a sighting cannot stand in). Staff's withdrawals of a story
from every public file are kept, restored ones too, one row per story.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("title", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=True))
    op.create_table(
        "withdrawals",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_by", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restored_by", sa.Text(), nullable=True),
        sa.Column("restored_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"]),
        sa.PrimaryKeyConstraint("story_id"),
    )


def downgrade() -> None:
    op.drop_table("withdrawals")
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.drop_column("summary")
        batch_op.drop_column("title")
        batch_op.drop_column("url")
