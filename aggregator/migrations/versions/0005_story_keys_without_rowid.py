"""SQLite: the near-duplicate index (story_keys) as a WITHOUT ROWID table.

A rowid table kept each row once in the table and again in its primary-key index, so every
lookup by key went through the index and then to the table for the fingerprint. Stored in
key order instead, a lookup reads one stretch of the table with the fingerprint beside the
key, and an insert writes one B-tree instead of two. Measured at 200,000 stories (a million
index rows), the batch lookup for one source's 20 items took 0.6 ms instead of 1.8-2.4 ms.
PostgreSQL keeps its table: the option is SQLite's own.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = """
    "key" BIGINT NOT NULL,
    story_id VARCHAR(64) NOT NULL,
    fingerprint BIGINT NOT NULL,
    PRIMARY KEY ("key", story_id),
    FOREIGN KEY(story_id) REFERENCES stories (id)
"""


def _rebuild(options: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE TABLE story_keys_rebuilt ({_COLUMNS}) {options}")
    op.execute('INSERT INTO story_keys_rebuilt SELECT "key", story_id, fingerprint FROM story_keys')
    op.execute("DROP TABLE story_keys")
    op.execute("ALTER TABLE story_keys_rebuilt RENAME TO story_keys")


def upgrade() -> None:
    _rebuild("WITHOUT ROWID")


def downgrade() -> None:
    _rebuild("")
