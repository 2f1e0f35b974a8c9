"""Each story's site (fingerprint.site_of): translations are looked for among the stories of one
site, since a partner's feed and its news page are two sources on one host.

Stories stored before this revision get their site here.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site", sa.Text(), nullable=True))
        batch_op.create_index("ix_stories_site_language_published", ["site", "language", "published"], unique=False)
    _backfill()


def _backfill(chunk: int = 5000) -> None:
    from aggregator import fingerprint  # the code as of this revision decides the site

    conn = op.get_bind()
    stories = sa.table("stories", sa.column("id"), sa.column("url"), sa.column("site"))
    rows = conn.execute(sa.select(stories.c.id, stories.c.url)).all()
    for start in range(0, len(rows), chunk):
        updates = [{"story": row.id, "found": fingerprint.site_of(row.url)} for row in rows[start : start + chunk]]
        updates = [update for update in updates if update["found"]]
        if updates:
            conn.execute(
                stories.update().where(stories.c.id == sa.bindparam("story")).values(site=sa.bindparam("found")),
                updates,
            )


def downgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index("ix_stories_site_language_published")
        batch_op.drop_column("site")
