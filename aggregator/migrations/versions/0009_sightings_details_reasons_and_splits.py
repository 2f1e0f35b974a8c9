"""Each sighting keeps what it said (date and its precision, author, language, raw title) and why it
joined its story; staff's splits of wrong merges are kept.

The story is chosen from all its sightings (dedup.original), so the order they were fetched in no
longer decides it. Rows stored before this revision keep NULLs (date_precision NULL): the story
row stands in for them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_title", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("author", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("published", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("date_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("merge_reason", sa.Text(), nullable=True))
    op.create_table(
        "splits",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("split_story_id", sa.String(length=64), nullable=False),
        sa.Column("split_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"]),
        sa.ForeignKeyConstraint(["split_story_id"], ["stories.id"]),
        sa.PrimaryKeyConstraint("story_id", "source_id"),
    )


def downgrade() -> None:
    op.drop_table("splits")
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        for column in ("merge_reason", "date_precision", "updated", "published", "author", "language", "raw_title"):
            batch_op.drop_column(column)
