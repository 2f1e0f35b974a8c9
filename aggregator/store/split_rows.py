"""Undoing a wrong merge (`aggregator split STORY SOURCE`): the source's sightings of the story
become a story of their own, and the split is kept (table `splits`) so the plan sends that
source's later sightings of the story to the split one (dedup.plan_saves `split_off`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from aggregator import fingerprint
from aggregator.dedup import story_id as story_id_of
from aggregator.dedup.original import date_precision
from aggregator.store.schema import sightings, splits, stories, story_keys
from aggregator.store.sql import _insert_many
from aggregator.store.story_restate import restate


class SplitError(ValueError):
    """Nothing to split: no such story, or the source has no sighting of it, or it is the only one."""


def split(engine: Engine, story: str, source_id: str, at: datetime) -> str:
    """Move `source_id`'s sightings of `story` to a story of their own; its id (the same id when
    the same split is made again). Both stories re-choose their fields from what they keep."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(stories).where(stories.c.id == story)).first()
        if row is None:
            raise SplitError(f"no story with id {story!r}")
        theirs = conn.execute(
            sa.select(sightings)
            .where(sightings.c.story_id == story, sightings.c.source_id == source_id)
            .order_by(sightings.c.first_seen_at, sightings.c.id)
        ).all()
        if not theirs:
            raise SplitError(f"source {source_id!r} has no sighting of story {story!r}")
        others = conn.execute(
            sa.select(sa.func.count())
            .select_from(sightings)
            .where(sightings.c.story_id == story, sightings.c.source_id != source_id)
        ).scalar_one()
        if not others and row.source_id == source_id:
            raise SplitError(f"story {story!r} has no sighting but {source_id!r}'s: nothing to split")
        earlier = conn.execute(
            sa.select(splits.c.split_story_id).where(splits.c.story_id == story, splits.c.source_id == source_id)
        ).scalar_one_or_none()
        split_off = earlier or story_id_of(f"split:{story}:{source_id}")
        if earlier is None:
            _new_story(conn, split_off, source_id, row, theirs[0])
            conn.execute(splits.insert().values(story_id=story, source_id=source_id, split_story_id=split_off,
                                                split_at=at))  # fmt: skip
        conn.execute(
            sightings.update()
            .where(sightings.c.story_id == story, sightings.c.source_id == source_id)
            .values(story_id=split_off, merge_reason=None)
        )
        restate(conn, [story])  # first: it may give up the address the split story takes
        restate(conn, [split_off])
    return split_off


def _new_story(conn: Connection, new_id: str, source_id: str, story: sa.Row, first: sa.Row) -> None:
    """The split story's row from the source's first sighting (the story's own words where that
    sighting predates them); restate then takes the best of all the source's sightings."""
    url = first.url or story.url
    title, summary = first.title or story.title, first.summary if first.summary is not None else story.summary
    detailed = first.date_precision is not None  # stored since 0009; else the story's row speaks for it
    dated = first.published if detailed else (None if story.date_is_first_seen else story.published)
    language = first.language if detailed else story.language
    known = fingerprint.candidate(title=first.raw_title or title, summary=summary, url=url, language=language,
                                  published=dated or story.published, source_id=source_id)  # fmt: skip
    signed = fingerprint.to_signed(known.fingerprint)
    conn.execute(
        stories.insert().values(
            id=new_id, url=url, url_key=f"split:{new_id}", source_id=source_id, title=title, summary=summary,
            language=language, author=first.author, published=dated or first.first_seen_at,
            updated=first.updated or dated or first.first_seen_at, date_is_first_seen=date_precision(dated) == "none",
            first_seen_at=first.first_seen_at, raw_title=first.raw_title, fingerprint=signed,
            version_key=fingerprint.version_lookup_key(url), group_id=None, site=fingerprint.site_of(url),
        )
    )  # fmt: skip
    keys = sorted(fingerprint.lookup_keys(known.title, known.fingerprint))
    _insert_many(conn, story_keys, [{"key": key, "fingerprint": signed} for key in keys], known_rows_kept=True)
