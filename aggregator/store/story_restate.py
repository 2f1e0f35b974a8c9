"""A story's published fields re-chosen from all its sightings (dedup.original), in place, id
unchanged: run for the stories a batch gave a new or edited sighting, and after a split.

The story is matched by its original's headline (raw_title) and excerpt, whichever sighting was
stored first: story_merge then indexes a story whose words changed by its new fingerprint and
keys, as it would have been indexed had the original come first. Its address key for versions
(version_key) and site follow its link; its language group stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from aggregator import fingerprint
from aggregator.dedup import url_key
from aggregator.dedup.original import SightingFacts, StoryFields, choose_story, date_precision, on_own_site
from aggregator.models import Item
from aggregator.store.schema import sightings, sources, stories
from aggregator.store.sql import _select

# SightingFacts' fields are sightings columns of the same names, but for own_site (worked out from
# the source's configured address): one list of fields, read straight into the record.
_FACT_COLUMNS = tuple(field.name for field in dataclasses.fields(SightingFacts) if field.name != "own_site")


class _Story(NamedTuple):
    id: str
    source_id: str
    url: str
    url_key: str
    title: str
    summary: str
    raw_title: str | None
    language: str | None
    author: str | None
    published: datetime
    updated: datetime
    date_is_first_seen: bool
    config_url: str


# Built once (store.sql._select runs them without SQLAlchemy's work per call): restating runs
# for every batch that brings a known story's new sighting.
_FACTS = (
    sa.select(sightings.c.story_id, *(sightings.c[name] for name in _FACT_COLUMNS), sources.c.config_url)
    .join(sources, sources.c.id == sightings.c.source_id)
    .where(sightings.c.story_id.in_(sa.bindparam("ids", expanding=True)), sightings.c.date_precision.is_not(None))
    .order_by(sightings.c.story_id, sightings.c.id)
)
_STORIES = (
    sa.select(*(stories.c[name] for name in _Story._fields[:-1]), sources.c.config_url)
    .join(sources, sources.c.id == stories.c.source_id)
    .where(stories.c.id.in_(sa.bindparam("ids", expanding=True)))
)
_KEY_TAKEN = sa.select(stories.c.id).where(stories.c.url_key == sa.bindparam("key"), stories.c.id != sa.bindparam("id"))


def sighting_details(item: Item, *, updated: datetime | None = None) -> dict[str, object]:
    """What a sightings row keeps of its item besides the link and words (0009's columns)."""
    return {
        "raw_title": item.raw_title,
        "language": item.language,
        "author": item.author,
        "published": item.published,
        "updated": updated or item.updated or item.published,
        "date_precision": date_precision(item.published),
    }


def restate(conn: Connection, story_ids: Collection[str]) -> set[str]:
    """Re-choose the stories' fields from their sightings; the ids whose row changed."""
    if not story_ids:
        return set()
    ids = sorted(set(story_ids))
    facts: dict[str, list[SightingFacts]] = {}
    for story_id, *columns, config_url in _select(conn, _FACTS, {"ids": ids}):
        values = dict(zip(_FACT_COLUMNS, columns, strict=True))
        said = SightingFacts(**values, own_site=on_own_site(values["url"], config_url))
        facts.setdefault(story_id, []).append(said)
    changed: set[str] = set()
    for story in map(_Story._make, _select(conn, _STORIES, {"ids": ids})):
        known = facts.get(story.id, [])
        if not any(f.source_id == story.source_id for f in known):
            known.append(_as_sighting(story))  # its main sighting predates 0009: the row speaks for it
        values = _changes(story, choose_story(known))
        if "url" in values:
            # Versions are looked up by the story's address and site: the original's, as if it had
            # been stored first (a translation names the partner's address, not a digest's).
            values |= {
                "version_key": fingerprint.version_lookup_key(values["url"]),
                "site": fingerprint.site_of(values["url"]),
            }
        # A split story starts under a placeholder key: it takes its link's as soon as it is free.
        new_key = url_key(values.get("url", story.url))
        if new_key and new_key != story.url_key and not _key_taken(conn, new_key, story.id):
            values["url_key"] = new_key
        if values:
            conn.execute(stories.update().where(stories.c.id == story.id).values(**values))
            changed.add(story.id)
    return changed


def _as_sighting(story: _Story) -> SightingFacts:
    return SightingFacts(
        story.source_id, "", story.url, story.title, story.summary, story.raw_title, story.language, story.author,
        None if story.date_is_first_seen else story.published, story.updated,
        on_own_site(story.url, story.config_url),
    )  # fmt: skip


def _changes(story: _Story, chosen: StoryFields) -> dict[str, object]:
    wanted: dict[str, object] = {
        "source_id": chosen.source_id,
        "url": chosen.url,
        "title": chosen.title,
        "summary": chosen.summary,
        "language": chosen.language,
        "author": chosen.author,
        "raw_title": chosen.raw_title,
    }
    if chosen.published is not None:
        wanted |= {"published": chosen.published, "date_is_first_seen": False, "updated": chosen.updated}
    return {name: value for name, value in wanted.items() if getattr(story, name) != value}


def _key_taken(conn: Connection, key: str, story_id: str) -> bool:
    """Another story (a split one) already stands at this address key: the story keeps its own."""
    return bool(_select(conn, _KEY_TAKEN, {"key": key, "id": story_id}))
