"""The statements every collection runs, built once at import (the SQL helpers then compile them once per database)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from aggregator.store.schema import UtcDateTime, robots, sightings, sources, splits, stories, story_keys

# The lookups every stored batch makes, built once: SQLAlchemy then only binds the values (a
# statement built per call cost more than running it). Lists go in as expanding parameters.
_KNOWN_SIGHTINGS = sa.select(sightings.c.guid, sightings.c.story_id, sightings.c.content_hash).where(
    sightings.c.source_id == sa.bindparam("source"), sightings.c.guid.in_(sa.bindparam("guids", expanding=True))
)
_SIGHTINGS_BY_URL_KEY = sa.select(sightings.c.url_key, sightings.c.story_id).where(
    sightings.c.url_key.in_(sa.bindparam("keys", expanding=True))
)
# Other sources' sightings under guids that name a post wherever it is listed (dedup.shared_guid).
_SIGHTINGS_BY_GUID = sa.select(sightings.c.guid, sightings.c.story_id).where(
    sightings.c.guid.in_(sa.bindparam("guids", expanding=True)), sightings.c.source_id != sa.bindparam("source")
)
_STORIES_BY_URL_KEY = sa.select(stories.c.url_key, stories.c.id).where(
    stories.c.url_key.in_(sa.bindparam("keys", expanding=True))
)
# Stories staff split this source's sightings off, with the story each split made.
_SPLITS_OF_SOURCE = sa.select(splits.c.story_id, splits.c.split_story_id).where(
    splits.c.source_id == sa.bindparam("source")
)
# The near-duplicate index rows of the batch's keys. A key standing for one shared phrase (a
# headline run or a text key: the matcher's loose keys, told by their top byte `loose_tags`) is
# worth nothing once more than `bucket` stories share it, and a template's phrases gather
# thousands: such a key's rows are counted in the database (on the index alone) and none is
# read (the matcher would drop them all); one row (key, NULL) tells the matcher it is crowded,
# so new stories are not indexed under it. Headline and band keys' rows all come back: which
# of them the matcher keeps depends on their distance to the batch's items. The keys are
# counted first so the rows of a crowded key are never visited again (a window count over the
# same rows cost more than reading them had); the count, used twice, is worked out once (both
# databases materialise a common table expression referred to twice).
_loose = story_keys.c.key.op(">>")(sa.literal_column("56")).in_(sa.bindparam("loose_tags", expanding=True))
_ROWS_PER_KEY = (
    sa.select(story_keys.c.key, (sa.func.count() > sa.bindparam("bucket", type_=sa.Integer)).label("crowded"))
    .where(story_keys.c.key.in_(sa.bindparam("keys", expanding=True)), _loose)
    .group_by(story_keys.c.key)
    .cte("rows_per_key")
)
_INDEX_HITS = sa.union_all(
    sa.select(story_keys.c.key, story_keys.c.fingerprint).where(
        story_keys.c.key.in_(sa.bindparam("keys", expanding=True)),
        story_keys.c.key.not_in(sa.select(_ROWS_PER_KEY.c.key).where(_ROWS_PER_KEY.c.crowded)),
    ),
    sa.select(_ROWS_PER_KEY.c.key, sa.null()).where(_ROWS_PER_KEY.c.crowded),
)
# A story dated when first seen (its partner gave no date) is undated to the matcher, as a new
# undated item is: compared with its first-seen time, a copy dated months earlier is "too far
# apart", and the result would depend on which of the two was stored first.
_PUBLISHED_IF_GIVEN = sa.case((stories.c.date_is_first_seen.is_(True), sa.null()), else_=stories.c.published)
_MATCHED_COLUMNS = (
    stories.c.id, stories.c.group_id, stories.c.raw_title, stories.c.title, stories.c.summary, stories.c.url,
    stories.c.language, sa.type_coerce(_PUBLISHED_IF_GIVEN, UtcDateTime).label("published"), stories.c.source_id,
    stories.c.fingerprint,
)  # fmt: skip
# The stories of the close hits' fingerprints: the matcher keeps the newest `newest` of one
# fingerprint (by published, then id). RANK by date alone keeps every story tied with the last
# one kept, so the choice among them stays the matcher's whatever the database's collation.
# The rows are ranked as read (no second lookup by id: most fingerprints have one story).
_RANKED_BY_FINGERPRINT = (
    sa.select(
        *_MATCHED_COLUMNS,
        sa.func.rank().over(partition_by=stories.c.fingerprint, order_by=stories.c.published.desc()).label("newer"),
    )
    .where(stories.c.fingerprint.in_(sa.bindparam("fingerprints", expanding=True)))
    .subquery("ranked")
)
_STORIES_BY_FINGERPRINT = sa.select(*(_RANKED_BY_FINGERPRINT.c[column.name] for column in _MATCHED_COLUMNS)).where(
    _RANKED_BY_FINGERPRINT.c.newer <= sa.bindparam("newest", type_=sa.Integer)
)
# Stories the batch's items may be other language versions of: the same address without its
# language part, or stories of this source or of the batch's sites (a partner's feed and its news
# page are two sources on one site) published within the matcher's window (version_lookup).
_IN_WINDOW_OTHER_LANGUAGE = (
    stories.c.published >= sa.bindparam("earliest", type_=UtcDateTime),
    stories.c.published <= sa.bindparam("latest", type_=UtcDateTime),
    # A batch in one language (only_language) has no versions among stories in it.
    sa.or_(
        sa.bindparam("only_language", type_=sa.Text).is_(None),
        stories.c.language != sa.bindparam("only_language", type_=sa.Text),
    ),
)


class _Instants(sa.types.TypeDecorator[Sequence[datetime]]):
    """Aware datetimes bound as one value (a tuple: a list would be an IN list), as whole seconds
    since the epoch: a bigint array on PostgreSQL, a JSON array on SQLite (json_each reads it).
    Whole seconds on both sides: the distances are exact integers, the same on either database."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        wanted = postgresql.ARRAY(sa.BigInteger) if dialect.name == "postgresql" else sa.Text()
        return dialect.type_descriptor(wanted)

    def process_bind_param(self, value: Sequence[datetime] | None, dialect: sa.Dialect) -> object:
        seconds = [math.floor(when.timestamp()) for when in value or ()]
        return seconds if dialect.name == "postgresql" else json.dumps(seconds)


class _seconds_to_nearest(FunctionElement[int]):  # noqa: N801 (a SQL function, named like one)
    """Seconds from a date column to the nearest of some instants (_Instants), both in whole
    seconds; NULL when there are none."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(_seconds_to_nearest, "postgresql")
def _nearest_on_postgresql(element: _seconds_to_nearest, compiler: SQLCompiler, **kw: Any) -> str:
    column, instants = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"(SELECT min(abs(floor(EXTRACT(EPOCH FROM {column}))::bigint - t)) "
            f"FROM unnest(CAST({instants} AS bigint[])) AS t)")  # fmt: skip


@compiles(_seconds_to_nearest, "sqlite")
def _nearest_on_sqlite(element: _seconds_to_nearest, compiler: SQLCompiler, **kw: Any) -> str:
    column, instants = (compiler.process(clause, **kw) for clause in element.clauses)
    # strftime('%s'): whole seconds since the epoch (the stored text is UTC).
    return f"(SELECT min(abs(CAST(strftime('%s', {column}) AS INTEGER) - value)) FROM json_each({instants}))"


# At most VERSION_READ of them, the likeliest first and always the same ones: a story at a
# version address of the batch's (a cue), then the nearest in time to one of the batch's items
# (`instants`: a version is published within hours of its original, and a site may have more
# stories in a batch's window than are read), then the one stored first, then by id. Without an
# order the database chose which were read, and SQLite and PostgreSQL (or two runs) could group
# a post differently; the matcher also takes the first cue, and the first of equally good
# translations, in this order. The stories in the window are read on the indexes that find
# them (by version key, source and date, site, language and date) and ranked in memory: no
# index orders by distance to a set of instants, and the window (VERSION_DAYS either side of
# the batch's dates) bounds how many there are.
VERSION_READ = 500
# Among equally near ones, the one stored first (its first sighting's id; SQLite and PostgreSQL
# both number sightings in the order they were written): the order they were read in before
# there was one, which the matcher's ties among equally good translations were decided by.
_FIRST_SIGHTING = sa.select(sa.func.min(sightings.c.id)).where(sightings.c.story_id == stories.c.id).scalar_subquery()
_VERSION_CANDIDATES = (
    sa.select(*_MATCHED_COLUMNS)
    .where(
        sa.or_(
            stories.c.version_key.in_(sa.bindparam("version_keys", expanding=True)),
            sa.and_(stories.c.source_id == sa.bindparam("source"), *_IN_WINDOW_OTHER_LANGUAGE),
            # A site's stories in the languages translations are read in (fingerprint.concepts),
            # less the batch's one language: an index range each, however many sources share the
            # host and whatever they publish in the batch's language.
            sa.and_(
                stories.c.site.in_(sa.bindparam("sites", expanding=True)),
                stories.c.language.in_(sa.bindparam("site_languages", expanding=True)),
                stories.c.published >= sa.bindparam("earliest", type_=UtcDateTime),
                stories.c.published <= sa.bindparam("latest", type_=UtcDateTime),
            ),
        )
    )
    .order_by(
        sa.case((stories.c.version_key.in_(sa.bindparam("version_keys", expanding=True)), 0), else_=1),
        _seconds_to_nearest(stories.c.published, sa.bindparam("instants", type_=_Instants)),
        _FIRST_SIGHTING,
        stories.c.id,
    )
    .limit(VERSION_READ)
)
# Reads a pass makes before its first request, over every due source and host at once.
_SOURCE_ADDRESSES = sa.select(sources.c.id, sources.c.config_url, sources.c.name)
_DUE_SOURCES = sa.select(sources.c.id).where(
    sources.c.gone.is_(False),
    sa.or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= sa.bindparam("now", type_=UtcDateTime)),
)
_DUE_SOURCES_AMONG = _DUE_SOURCES.where(sources.c.id.in_(sa.bindparam("ids", expanding=True)))
_SOURCE_STATES = sa.select(
    sources.c.id, sources.c.fetch_url, sources.c.etag, sources.c.last_modified, sources.c.body_digest
).where(sources.c.id.in_(sa.bindparam("ids", expanding=True)))
_ROBOTS = sa.select(robots.c.origin, robots.c.status, robots.c.text, robots.c.read_at, robots.c.error)
_ROBOTS_OF = _ROBOTS.where(robots.c.origin.in_(sa.bindparam("origins", expanding=True)))
_SOURCE_RHYTHM = sa.select(sources.c.id, sources.c.consecutive_failures, sources.c.posting_gap_seconds).where(
    sources.c.id.in_(sa.bindparam("ids", expanding=True))
)
_UPDATE_SOURCE = sources.update().where(sources.c.id == sa.bindparam("source"))
_RECENT_POST_DATES = (
    sa.select(stories.c.published)
    .join(sightings, sightings.c.story_id == stories.c.id)
    .where(sightings.c.source_id == sa.bindparam("source"), stories.c.date_is_first_seen.is_(False))
    .order_by(stories.c.published.desc())
    .limit(10)  # enough for polling.posting_gap to see a rhythm
)
