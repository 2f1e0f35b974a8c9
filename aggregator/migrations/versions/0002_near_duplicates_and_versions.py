"""Near-duplicate index (story_keys, fingerprints) and language-version groups.

Stories stored before this revision get their fingerprint, version key and index keys here.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
        ),
        sa.PrimaryKeyConstraint("key", "story_id"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_title", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("version_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("group_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_stories_source_published", ["source_id", "published"], unique=False)
        batch_op.create_index("ix_stories_version_key", ["version_key"], unique=False)
    _backfill()


def _backfill(chunk: int = 5000) -> None:
    from aggregator import fingerprint  # the code as of this revision decides the keys

    conn = op.get_bind()
    stories = sa.table(
        "stories", sa.column("id"), sa.column("title"), sa.column("summary"), sa.column("url"),
        sa.column("fingerprint"), sa.column("version_key"),
    )  # fmt: skip
    keys = sa.table("story_keys", sa.column("key"), sa.column("story_id"), sa.column("fingerprint"))
    rows = conn.execute(sa.select(stories.c.id, stories.c.title, stories.c.summary, stories.c.url)).all()
    for start in range(0, len(rows), chunk):
        updates, index = [], set()
        for row in rows[start : start + chunk]:
            value = fingerprint.simhash(fingerprint.fingerprint_text(row.title, row.summary))
            updates.append({"story": row.id, "fp": fingerprint.to_signed(value),
                            "vk": fingerprint.version_lookup_key(row.url)})  # fmt: skip
            signed = fingerprint.to_signed(value)
            index.update((key, row.id, signed) for key in fingerprint.lookup_keys(row.title, value))
        conn.execute(
            stories.update()
            .where(stories.c.id == sa.bindparam("story"))
            .values(fingerprint=sa.bindparam("fp"), version_key=sa.bindparam("vk")),
            updates,
        )
        if index:
            conn.execute(keys.insert(), [{"key": k, "story_id": story, "fingerprint": fp} for k, story, fp in index])


def downgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index("ix_stories_version_key")
        batch_op.drop_index("ix_stories_source_published")
        batch_op.drop_column("group_id")
        batch_op.drop_column("version_key")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("raw_title")

    op.drop_table("story_keys")
