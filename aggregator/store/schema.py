"""The database's tables (SQLAlchemy Core metadata, which the migrations are checked against).

Tables:
- sources:   per configured source, its polling state (validators, discovered feed address,
             last outcome, failure streak, next check).
- fetches:   a log of every fetch outcome.
- stories:   one row per real-world post; `id` is chosen once and never changes.
- sightings: every time a source listed a story (source + guid unique), pointing at its story,
             with that source's own link, title and excerpt (NULL in rows older than 0008).
- splits:    staff's undoing of a wrong merge, kept so later passes do not merge again.
- withdrawals: staff took a story out of every public file; kept, with who and when, after a restore.
- robots:    each host's robots.txt as last read, so a pass need not read it again while fresh.
- story_keys, publishes, sighting_media: described beside their tables below.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

metadata = sa.MetaData()


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC) if dialect.name == "postgresql" else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("config_url", sa.Text, nullable=False),
    sa.Column("fetch_url", sa.Text),  # a feed found from the configured page, polled instead
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_fetch_at", UtcDateTime),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_outcome", sa.String(40)),
    sa.Column("last_error_kind", sa.String(60)),
    sa.Column("last_error_message", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, default=0),
    sa.Column("last_success_at", UtcDateTime),
    sa.Column("next_check_at", UtcDateTime),
    sa.Column("gone", sa.Boolean, nullable=False, default=False),  # 410: not polled until the config changes
    sa.Column("moved_to", sa.Text),  # 301/308: the address now polled; the config should say so
    sa.Column("body_digest", sa.String(32)),  # FetchResult.digest of the last body parsed
    sa.Column("posting_gap_seconds", sa.Float),  # median gap between its recent posts (polling.py)
)

fetches = sa.Table(
    "fetches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(100), nullable=False, index=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("bytes", sa.Integer, nullable=False),
    sa.Column("duration", sa.Float, nullable=False),
    sa.Column("error_kind", sa.String(60)),
    sa.Column("error_message", sa.Text),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("url_key", sa.Text, nullable=False, unique=True),  # dedup.url_key of url
    sa.Column("source_id", sa.String(100), nullable=False),  # the main sighting's source
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("author", sa.Text),
    sa.Column("published", UtcDateTime, nullable=False),
    sa.Column("updated", UtcDateTime, nullable=False),
    sa.Column("date_is_first_seen", sa.Boolean, nullable=False),
    sa.Column("first_seen_at", UtcDateTime, nullable=False),
    sa.Column("raw_title", sa.Text),  # as published, language marker included: dedup reads it
    sa.Column("fingerprint", sa.BigInteger),  # fingerprint.simhash, signed (fingerprint.to_signed)
    sa.Column("version_key", sa.Text),  # fingerprint.version_lookup_key: the address minus its language part
    sa.Column("group_id", sa.String(64)),  # language versions of one post share it (NULL: the story's own id)
    # fingerprint.site_of(url): a partner's feed and news page are two sources on one site, and
    # its translations are looked for on the site (NULL: not an http address). Matching
    # identity, like version_key: kept as first stored when restate picks another address.
    sa.Column("site", sa.Text),
    sa.Index("ix_stories_published", "published"),
    sa.Index("ix_stories_language_published", "language", "published"),
    sa.Index("ix_stories_version_key", "version_key"),
    sa.Index("ix_stories_source_published", "source_id", "published"),
    sa.Index("ix_stories_fingerprint", "fingerprint"),  # from a near-duplicate index hit to its stories
    sa.Index("ix_stories_site_language_published", "site", "language", "published"),
)

# The near-duplicate index: each story's fingerprint band keys and title key
# (fingerprint.lookup_keys), so a new item finds its candidates without a scan. A row names
# the fingerprint, not the story: band matches too far apart are dropped before any join, the
# stories come from ix_stories_fingerprint, and a row is a third of the size a 45-byte story id
# made it (migration 0006). Stories sharing a fingerprint share their band rows.
story_keys = sa.Table(
    "story_keys",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True),
    sa.Column("fingerprint", sa.BigInteger, primary_key=True),
    # SQLite: rows kept in key order, nothing else stored (migrations 0005, 0006).
    sqlite_with_rowid=False,
)

sightings = sa.Table(
    "sightings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(100), nullable=False),
    sa.Column("guid", sa.Text, nullable=False),
    sa.Column("url_key", sa.Text, nullable=False),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("content_hash", sa.String(32), nullable=False),
    sa.Column("first_seen_at", UtcDateTime, nullable=False),
    # The source's own words, so another source's sighting can stand in for a story whose main
    # source may not be republished (aggregator.visibility). NULL: stored before migration 0008.
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("summary", sa.Text),
    # What the source said about the story, so the story takes the best of all its sightings
    # whatever order they came in (dedup.original). date_precision NULL: stored before 0009.
    sa.Column("raw_title", sa.Text),
    sa.Column("language", sa.String(8)),
    sa.Column("author", sa.Text),
    sa.Column("published", UtcDateTime),
    sa.Column("updated", UtcDateTime),
    sa.Column("date_precision", sa.String(8)),  # "exact", "day" (midnight UTC from a day-only date), "none"
    sa.Column("merge_reason", sa.Text),  # why this sighting joined its story (dedup.reasons); NULL: it began it
    sa.UniqueConstraint("source_id", "guid", name="uq_sightings_source_guid"),
    sa.Index("ix_sightings_url_key", "url_key"),
    sa.Index("ix_sightings_guid", "guid"),  # another source's sighting under the same guid (dedup.shared_guid)
    sa.Index("ix_sightings_story", "story_id"),
    sa.Index("ix_sightings_source_seen", "source_id", "first_seen_at"),
)

# Staff split a wrong merge (`aggregator split`): the source's sightings of `story_id` became the
# story `split_story_id`, and that source's later sightings the matcher ties to `story_id` go there.
splits = sa.Table(
    "splits",
    metadata,
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), primary_key=True),
    sa.Column("source_id", sa.String(100), primary_key=True),
    sa.Column("split_story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("split_at", UtcDateTime, nullable=False),
)

# One row per withdrawn story (models.Withdrawal): the withdrawal in force, or the last one
# restored (restored_* set). Withdrawing again replaces a restored row; the first reason of a
# withdrawal in force stands.
withdrawals = sa.Table(
    "withdrawals",
    metadata,
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("withdrawn_by", sa.Text, nullable=False),
    sa.Column("withdrawn_at", UtcDateTime, nullable=False),
    sa.Column("restored_by", sa.Text),
    sa.Column("restored_at", UtcDateTime),
)

# One row per origin (scheme://host:port): models.RobotsFile. The fetcher decides what it means
# and how long it is trusted (fetch.politeness); the store only keeps the latest reading.
robots = sa.Table(
    "robots",
    metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("status", sa.Integer),  # NULL: no answer at all (`error` says why)
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=False),
    sa.Column("error", sa.Text),
)

# One row per output folder (several machines may publish, each into its own): the last
# attempt, the last success and the last attempt's error (NULL when it succeeded).
publishes = sa.Table(
    "publishes",
    metadata,
    sa.Column("output_dir", sa.Text, primary_key=True),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("succeeded_at", UtcDateTime),
    sa.Column("error", sa.Text),
)

# A sighting's media (models.Attachment, aggregator.media), by the sighting's source and guid so
# they follow it through a split; a story shows its main source's. Only sightings with media
# have a row. attachments: a JSON list of [url, type, length]; tags: a JSON list of strings.
sighting_media = sa.Table(
    "sighting_media",
    metadata,
    sa.Column("source_id", sa.String(100), primary_key=True),
    sa.Column("guid", sa.Text, primary_key=True),
    sa.Column("image", sa.Text),
    sa.Column("attachments", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
)
