"""Each sighting's media: the lead image, attachments and tags a partner's feed gave (issue 25).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sighting_media",
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("guid", sa.Text(), nullable=False),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "guid"),
    )


def downgrade() -> None:
    op.drop_table("sighting_media")
