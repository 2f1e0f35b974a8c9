"""Sightings by guid alone: another source listing a post under the guid its partner gave it is
the same story (dedup.plan.shared_guid, issue 22's "same GUID" merge reason).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sightings_guid", "sightings", ["guid"])


def downgrade() -> None:
    op.drop_index("ix_sightings_guid", table_name="sightings")
