"""Watching the aggregator: each pass's counts (for metrics), what the webhook was last told about
each source (so a change is posted once), and the fetch log by time (pruned by age).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("new_stories", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_passes_finished_at", "passes", ["finished_at"])
    op.create_table(
        "alerts",
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("failing", sa.Boolean(), nullable=False),
        sa.Column("quiet", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("ix_fetches_at", "fetches", ["at"])


def downgrade() -> None:
    op.drop_index("ix_fetches_at", table_name="fetches")
    op.drop_table("alerts")
    op.drop_index("ix_passes_finished_at", table_name="passes")
    op.drop_table("passes")
