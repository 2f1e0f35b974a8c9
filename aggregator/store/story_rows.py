"""Stories' rows: saving a source's batch (lookups, dedup's plan, writes), partners' edits,
the newest stories for publishing, and finding stories by id or address for staff.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from aggregator import fingerprint
from aggregator.dedup import KnownSighting, plan_saves, url_key
from aggregator.dedup.matcher import MAX_CANDIDATES, MAX_LOOSE_BUCKET, Matcher, StoredStory
from aggregator.dedup.plan import shared_guid
from aggregator.fingerprint.concepts import LANGUAGES as TRANSLATED_LANGUAGES
from aggregator.models import Item, SaveResult, Sighting, SourceRef, Story
from aggregator.store.media_rows import StoredMedia, load_media, save_media
from aggregator.store.merge_reasons import merge_reasons
from aggregator.store.schema import sightings, sources, stories, story_keys
from aggregator.store.sql import _insert_many, _select
from aggregator.store.statements import (
    _INDEX_HITS,
    _KNOWN_SIGHTINGS,
    _SIGHTINGS_BY_GUID,
    _SIGHTINGS_BY_URL_KEY,
    _SPLITS_OF_SOURCE,
    _STORIES_BY_FINGERPRINT,
    _STORIES_BY_URL_KEY,
    _VERSION_CANDIDATES,
)
from aggregator.store.story_merge import merge_copies
from aggregator.store.story_restate import restate, sighting_details

# The top bytes of the index keys that stand for one shared phrase (fingerprint.is_loose_key).
_LOOSE_TAGS = [fingerprint.TITLE_RUN_TAG, fingerprint.TEXT_KEY_TAG]


def latest_stories(engine: Engine, limit: int) -> list[Story]:
    """The newest `limit` stories overall, plus the newest `limit` of every language and of
    every source (a partner's own feed lists what it published, main source or not)."""
    with engine.connect() as conn:
        languages = list(conn.scalars(sa.select(stories.c.language).where(stories.c.language.is_not(None)).distinct()))
        source_ids = list(conn.scalars(sa.select(sources.c.id)))
        ids: dict[str, None] = {}
        newest = sa.select(stories.c.id).order_by(stories.c.published.desc(), stories.c.id).limit(limit)
        ids.update(dict.fromkeys(conn.scalars(newest)))
        for language in languages:
            ids.update(dict.fromkeys(conn.scalars(newest.where(stories.c.language == language))))
        for source_id in source_ids:
            # A partner's feed: the stories of its most recently seen items (an index range).
            seen_at_source = (
                sa.select(sightings.c.story_id)
                .where(sightings.c.source_id == source_id)
                .order_by(sightings.c.first_seen_at.desc(), sightings.c.id.desc())
                .limit(limit)
            )
            ids.update(dict.fromkeys(conn.scalars(seen_at_source)))
        return _load_stories(conn, list(ids))


def _save_items(conn: Connection, source_id: str, items: Sequence[Item], now: datetime) -> SaveResult:
    """Look up what the batch needs in three queries, let dedup.plan_saves decide, then write."""
    guids = list({item.guid for item in items})
    keys = list({url_key(item.url) for item in items})
    known_sightings = {
        guid: KnownSighting(story, content_hash)
        for guid, story, content_hash in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": guids})
    }
    # A key may be known as another source's sighting (its story filed under another URL).
    story_by_key = dict(_select(conn, _SIGHTINGS_BY_URL_KEY, {"keys": keys}))
    story_by_key.update(_select(conn, _STORIES_BY_URL_KEY, {"keys": keys}))
    # A guid another source listed too (a digest keeping the partner's guid): the same post.
    named = list({item.guid for item in items if item.guid not in known_sightings and shared_guid(item)})
    story_by_guid = dict(_select(conn, _SIGHTINGS_BY_GUID, {"guids": named, "source": source_id})) if named else {}
    matcher = Matcher(items, known_sightings, story_by_key, now)
    stored: dict[str, StoredStory] = {}
    if matcher.fresh:
        stored = _feed_matcher(conn, source_id, matcher)
    plan = plan_saves(
        items,
        known_sightings=known_sightings,
        story_by_key=story_by_key,
        story_by_guid=story_by_guid,
        near_duplicate=matcher.near_duplicate,
        language_version=matcher.language_version,
        split_off=dict(_select(conn, _SPLITS_OF_SOURCE, {"source": source_id})),
    )

    if plan.new_stories:
        _insert_many(
            conn,
            stories,
            [
                _story_row(new.story_id, new.group_id, source_id, new.item, matcher.candidate(new.item), now)
                for new in plan.new_stories
            ],
        )
        index_rows = {
            (key, fingerprint.to_signed(matcher.candidate(new.item).fingerprint))
            for new in plan.new_stories
            for key in matcher.index_keys(new.item)
        }
        # In key order: two workers storing stories of one fingerprint at once wait for each
        # other's rows in the same order, never each for the other's (a deadlock on PostgreSQL).
        _insert_many(
            conn, story_keys, [{"key": key, "fingerprint": fp} for key, fp in sorted(index_rows)], known_rows_kept=True
        )
    if plan.new_sightings:
        # The plan keeps a guid's first item (a feed may list one twice): its words are the sighting's.
        item_of: dict[str, Item] = {}
        for item in items:
            item_of.setdefault(item.guid, item)
        reasons = merge_reasons(plan, matcher, stored, item_of)
        _insert_many(
            conn,
            sightings,
            [
                {"source_id": source_id, "guid": s.guid, "url_key": s.url_key, "story_id": s.story_id,
                 "content_hash": s.content_hash, "first_seen_at": now, "url": item_of[s.guid].url,
                 "title": item_of[s.guid].title, "summary": item_of[s.guid].summary,
                 "merge_reason": reasons.get(s.guid), **sighting_details(item_of[s.guid])}
                for s in plan.new_sightings
            ],
        )  # fmt: skip
        save_media(conn, source_id, [item_of[s.guid] for s in plan.new_sightings], replace=False)
    save_media(conn, source_id, [edit.item for edit in plan.edits], replace=True)
    for edit in plan.edits:
        conn.execute(
            sightings.update()
            .where(sightings.c.source_id == source_id, sightings.c.guid == edit.item.guid)
            .values(
                content_hash=edit.content_hash,
                url_key=url_key(edit.item.url),
                url=edit.item.url,
                title=edit.item.title,
                summary=edit.item.summary,
                **sighting_details(edit.item, updated=edit.item.updated or now),
            )
        )
    # Stories that gained or changed a sighting take the best of all of them (dedup.original).
    changed = restate(conn, {gap.story_id for gap in plan.gaps} | {edit.story_id for edit in plan.edits})
    # A story whose words changed may now be seen to be a copy stored apart before (story_merge).
    changed |= restate(conn, merge_copies(conn, changed, now, _feed_matcher))
    return SaveResult(len(plan.new_stories), len({edit.story_id for edit in plan.edits} & changed))


def _feed_matcher(
    conn: Connection, source_id: str, matcher: Matcher, leave_out: Collection[str] = ()
) -> dict[str, StoredStory]:
    """Read what the matcher asks for: the near-duplicate index in two steps (the index alone,
    then the stories of the few close hits), and the language-version candidates, less the
    stories `leave_out` names. Returns the stories read, by id (the merge reasons compare with
    them)."""
    keys = matcher.index_keys_wanted()
    stored: dict[str, StoredStory] = {}
    if keys:
        hits = _select(conn, _INDEX_HITS, {"keys": keys, "bucket": MAX_LOOSE_BUCKET, "loose_tags": _LOOSE_TAGS})
        close = matcher.close_hits(hits)
        rows = []
        if close:
            wanted = list({stored for _, stored in close})
            rows = _select(conn, _STORIES_BY_FINGERPRINT, {"fingerprints": wanted, "newest": MAX_CANDIDATES})
        found = [StoredStory(*row) for row in rows if row[0] not in leave_out]
        matcher.add_stored(close, found)
        stored = {row.id: row for row in found}
    lookup = matcher.version_lookup()
    # The dates the lookup's window is drawn around (matcher.version_lookup: undated items at
    # now): the candidates nearest one of them are read first.
    instants = tuple(sorted({item.published or matcher.now for item in matcher.fresh}))
    rows = _select(
        conn,
        _VERSION_CANDIDATES,
        {"version_keys": lookup.version_keys, "source": source_id, "sites": lookup.sites,
         "earliest": lookup.earliest, "latest": lookup.latest, "only_language": lookup.only_language,
         "site_languages": [code for code in TRANSLATED_LANGUAGES if code != lookup.only_language],
         "instants": instants},
    )  # fmt: skip
    versions = [StoredStory(*row) for row in rows if row[0] not in leave_out]
    matcher.add_versions(versions)
    return stored | {row.id: row for row in versions}


def _story_row(
    story: str, group: str, source_id: str, item: Item, candidate: fingerprint.Candidate, now: datetime
) -> dict[str, object]:
    return {
        "id": story,
        "group_id": group if group != story else None,
        "raw_title": item.raw_title,
        "fingerprint": fingerprint.to_signed(candidate.fingerprint),
        "version_key": fingerprint.version_lookup_key(item.url),
        "site": fingerprint.site_of(item.url),
        "url": item.url,
        "url_key": url_key(item.url),
        "source_id": source_id,
        "title": item.title,
        "summary": item.summary,
        "language": item.language,
        "author": item.author,
        "published": item.published or now,
        "updated": item.updated or item.published or now,
        "date_is_first_seen": item.published is None,
        "first_seen_at": now,
    }


def find_stories(engine: Engine, ref: str) -> list[Story]:
    """The story whose id is `ref`; else the stories at the address `ref` (dedup.url_key), as
    their own URL or as any source's sighting of them. Newest first."""
    ref = ref.strip()
    if "\x00" in ref:
        return []  # no id or address holds one, and PostgreSQL refuses it in a parameter
    with engine.connect() as conn:
        ids = list(conn.scalars(sa.select(stories.c.id).where(stories.c.id == ref)))
        key = url_key(ref)
        if not ids and key:
            sighted = sa.select(sightings.c.story_id).where(sightings.c.url_key == key)
            at_key = sa.select(stories.c.id).where(sa.or_(stories.c.url_key == key, stories.c.id.in_(sighted)))
            ids = list(conn.scalars(at_key))
        found = _load_stories(conn, ids)
    return sorted(found, key=lambda story: (-story.published.timestamp(), story.id))


def _load_stories(conn: Connection, ids: Sequence[str]) -> list[Story]:
    if not ids:
        return []
    rows = conn.execute(
        sa.select(stories, sources.c.name.label("source_name"), sources.c.config_url.label("source_url"))
        .join(sources, sources.c.id == stories.c.source_id)
        .where(stories.c.id.in_(ids))
    ).all()
    seen_elsewhere, reasons = _sightings_elsewhere(conn, ids)
    media = load_media(conn, {row.id: row.source_id for row in rows})
    none = StoredMedia()
    return [
        Story(
            id=row.id,
            url=row.url,
            title=row.title,
            summary=row.summary,
            language=row.language,
            published=row.published,
            updated=row.updated,
            date_is_first_seen=row.date_is_first_seen,
            author=row.author,
            source=SourceRef(row.source_id, row.source_name, row.source_url),
            also_published_by=tuple(s.source for s in seen_elsewhere.get(row.id, ())),
            group_id=row.group_id or row.id,
            sightings=tuple(seen_elsewhere.get(row.id, ())),
            merge_reasons=reasons.get(row.id, ()),
            image=media.get(row.id, none).image,
            attachments=media.get(row.id, none).attachments,
            tags=media.get(row.id, none).tags,
        )
        for row in rows
    ]


_SIGHTING_COLUMNS = (
    sightings.c.story_id, sources.c.id, sources.c.name, sources.c.config_url, sightings.c.url, sightings.c.title,
    sightings.c.summary, sightings.c.first_seen_at, sightings.c.merge_reason, stories.c.source_id.label("main"),
)  # fmt: skip


def _sightings_elsewhere(
    conn: Connection, ids: Sequence[str]
) -> tuple[dict[str, list[Sighting]], dict[str, tuple[tuple[str, str], ...]]]:
    """Each story's sightings by sources other than its main one: one per source, its earliest,
    ordered by source id (the order also_published_by has always had); and why each was merged.
    One query."""
    rows = conn.execute(
        sa.select(*_SIGHTING_COLUMNS)
        .join(sources, sources.c.id == sightings.c.source_id)
        .join(stories, stories.c.id == sightings.c.story_id)
        .where(sightings.c.story_id.in_(ids))
        .order_by(sightings.c.story_id, sources.c.id, sightings.c.first_seen_at, sightings.c.id)
    )
    found: dict[str, list[Sighting]] = {}
    said: dict[str, list[str | None]] = {}
    main_reason: dict[str, str] = {}
    for row in rows:
        if row.id == row.main:
            # A sighting that began its story has no reason; the main one (a later, better sighting)
            # then holds why the two were merged.
            if row.merge_reason and not row.merge_reason.startswith("language version"):
                main_reason.setdefault(row.story_id, row.merge_reason)
            continue
        of_story = found.setdefault(row.story_id, [])
        if of_story and of_story[-1].source.id == row.id:
            continue  # a later sighting by the same source (another guid at that source)
        source = SourceRef(row.id, row.name, row.config_url)
        of_story.append(Sighting(source, row.url, row.title, row.summary, row.first_seen_at))
        joined = row.merge_reason and not row.merge_reason.startswith("language version")
        said.setdefault(row.story_id, []).append(row.merge_reason if joined else None)
    reasons = {
        story: tuple(
            (sighting.source.name, reason or main_reason.get(story, ""))
            for sighting, reason in zip(found[story], said[story], strict=True)
        )
        for story in found
    }
    return found, reasons
