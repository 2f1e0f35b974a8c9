"""Sightings' media rows (schema.sighting_media): written with the sightings, read with stories.

A story shows its main source's media, from that source's earliest sighting of it; a story
whose main source gave none has none (another source's image is not taken in its place: it
would be shown under the main source's link).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from aggregator.models import Attachment, Item
from aggregator.store.schema import sighting_media, sightings
from aggregator.store.sql import _insert_many


@dataclass(frozen=True)
class StoredMedia:
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()


def save_media(conn: Connection, source_id: str, items: Iterable[Item], *, replace: bool) -> None:
    """Write the media of these items' sightings; `replace`: the sightings existed (an edit), so
    their old rows go first, and an item that lost its media loses its row."""
    items = list(items)
    if replace and items:
        conn.execute(
            sa.delete(sighting_media).where(
                sighting_media.c.source_id == source_id, sighting_media.c.guid.in_([item.guid for item in items])
            )
        )
    rows = {item.guid: _row(source_id, item) for item in items if item.image or item.attachments or item.tags}
    _insert_many(conn, sighting_media, list(rows.values()), known_rows_kept=True)


def _row(source_id: str, item: Item) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "guid": item.guid,
        "image": item.image,
        "attachments": json.dumps([[a.url, a.type, a.length] for a in item.attachments], ensure_ascii=False),
        "tags": json.dumps(list(item.tags), ensure_ascii=False),
    }


def load_media(conn: Connection, main_sources: Mapping[str, str]) -> dict[str, StoredMedia]:
    """Each story's main-source media, by story id (stories without any are left out).

    `main_sources`: story id -> its main source's id. Filtered here rather than joined to
    `stories` in SQL: with that join SQLite walked every sighting of the main source (an index
    on source_id) instead of the story's few (bench.scale: 6.5 s of a 100,000-story publish)."""
    if not main_sources:
        return {}
    rows = conn.execute(
        sa.select(
            sightings.c.story_id,
            sightings.c.source_id,
            sighting_media.c.image,
            sighting_media.c.attachments,
            sighting_media.c.tags,
        )
        .join(
            sighting_media,
            sa.and_(sighting_media.c.source_id == sightings.c.source_id, sighting_media.c.guid == sightings.c.guid),
        )
        .where(sightings.c.story_id.in_(list(main_sources)))
        .order_by(sightings.c.story_id, sightings.c.first_seen_at, sightings.c.id)
    )
    found: dict[str, StoredMedia] = {}
    for row in rows:
        if row.source_id == main_sources[row.story_id]:
            found.setdefault(row.story_id, _media(row.image, row.attachments, row.tags))
    return found


def _media(image: str | None, attachments: str, tags: str) -> StoredMedia:
    """The row as models' values; a row that does not read (written by hand?) is no media."""
    try:
        files = tuple(Attachment(str(url), str(kind), int(length)) for url, kind, length in json.loads(attachments))
        words = tuple(str(tag) for tag in json.loads(tags))
    except (ValueError, TypeError):
        return StoredMedia(image)
    return StoredMedia(image, files, words)
