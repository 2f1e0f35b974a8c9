"""The last publish into each output folder: when it last succeeded and why it last failed.

`serve`'s /healthz reads it, so a publish that fails (a full disk, a read-only folder) shows at
once instead of only when the files grow old.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publishes",
        sa.Column("output_dir", sa.Text(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("output_dir"),
    )


def downgrade() -> None:
    op.drop_table("publishes")
