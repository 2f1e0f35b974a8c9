"""Stories matched again once a better sighting gave them their words, and the copies found
merged into them (issue 22: one story whatever the fetch order).

A story first stored from a poor sighting (a news page's headline with no excerpt) cannot be
told to be the post a digest copied under a headline of its own; when the partner's feed later
lists the same post, the story takes the feed's excerpt (story_restate) but the digest's copy
was already stored apart, and nothing would compare the two again. Stored in the other order,
they would be one story. So a story whose words a batch changed is indexed by them (its
fingerprint and index keys: a copy stored later finds it) and matched like a new item
(dedup.matcher, itself left out), and a copy found is merged into it: the copy's sightings move
over with the reason, its language group joins the story's, and its row is deleted. Found to be
another language's version of a post (the feed's excerpt tells what the page's headline alone
did not), the story joins that post's language group.

Left as they are: stories staff split from each other (`aggregator split`) and withdrawn stories
(merging would carry a withdrawn post's sightings into a public story, or hide a public one).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from aggregator import fingerprint
from aggregator.dedup.matcher import Matcher, StoredStory, stored_candidate
from aggregator.dedup.reasons import near_duplicate_reason
from aggregator.models import Item
from aggregator.store.schema import sightings, splits, stories, story_keys, withdrawals
from aggregator.store.sql import _insert_many, _select
from aggregator.store.statements import _MATCHED_COLUMNS

_STORIES = sa.select(*_MATCHED_COLUMNS).where(stories.c.id.in_(sa.bindparam("ids", expanding=True)))
_HELD = sa.union(
    sa.select(withdrawals.c.story_id).where(withdrawals.c.story_id.in_(sa.bindparam("ids", expanding=True))),
    sa.select(splits.c.story_id).where(splits.c.story_id.in_(sa.bindparam("ids", expanding=True))),
    sa.select(splits.c.split_story_id).where(splits.c.split_story_id.in_(sa.bindparam("ids", expanding=True))),
)

# The store's index reads for one matcher, given the stories to leave out (story_rows._feed_matcher).
FeedMatcher = Callable[[Connection, str, Matcher, Collection[str]], dict[str, StoredStory]]


def merge_copies(conn: Connection, story_ids: Collection[str], now: datetime, feed_matcher: FeedMatcher) -> set[str]:
    """Match the stories again and merge each copy found into the story; the ids that took one."""
    grown: set[str] = set()
    gone: set[str] = set()
    for row in (StoredStory(*found) for found in _select(conn, _STORIES, {"ids": sorted(set(story_ids))})):
        if row.id in gone:
            continue
        item = _as_item(row)
        kept_apart: set[str] = set()
        indexed = False
        # One copy a match: matched again, less the copies merged, until none is left (copies
        # stored apart before the original, too unlike each other to have been told one, all
        # join it, as they would had the original come first).
        while True:
            matcher = Matcher([item], {}, {}, now)
            stored = feed_matcher(conn, row.source_id, matcher, {row.id} | gone | kept_apart)
            if not indexed:
                _index_words(conn, row, matcher, item)
                indexed = True
            copy = matcher.near_duplicate(item)
            if copy is not None and copy != row.id and _held(conn, row.id, copy):
                kept_apart.add(copy)
                continue
            if copy is None or copy == row.id:
                break
            known = stored.get(copy)
            reason = near_duplicate_reason(matcher.candidate(item), stored_candidate(known) if known else None)
            _merge(conn, into=row, copy=copy, reason=f"{reason}, matched again")
            grown.add(row.id)
            gone.add(copy)
        group = matcher.language_version(item) if row.language else None
        if group is not None and group != _group_now(conn, row):
            _join_group(conn, row, group)
            grown.add(row.id)
    return grown


def _as_item(row: StoredStory) -> Item:
    return Item(source_id=row.source_id, guid=f"story:{row.id}", url=row.url, title=row.title,
                summary=row.summary, language=row.language, published=row.published,
                raw_title=row.raw_title)  # fmt: skip


def _index_words(conn: Connection, row: StoredStory, matcher: Matcher, item: Item) -> None:
    """Index the story by its words as they are now: a copy stored later finds it by them, not
    only by the bare headline it was first stored with."""
    signed = fingerprint.to_signed(matcher.candidate(item).fingerprint)
    if signed == row.fingerprint:
        return
    conn.execute(stories.update().where(stories.c.id == row.id).values(fingerprint=signed))
    keys = sorted(matcher.index_keys(item))  # in key order, as story_rows inserts them
    _insert_many(conn, story_keys, [{"key": key, "fingerprint": signed} for key in keys], known_rows_kept=True)


def _held(conn: Connection, story: str, copy: str) -> bool:
    """Either was ever withdrawn, or is in a split staff made: staff decisions stand."""
    return bool(_select(conn, _HELD, {"ids": [story, copy]}))


def _group_now(conn: Connection, row: StoredStory) -> str:
    """The story's language group as it stands (a merged copy's group may have become its own)."""
    return conn.scalar(sa.select(stories.c.group_id).where(stories.c.id == row.id)) or row.id


def _join_group(conn: Connection, row: StoredStory, group: str) -> None:
    """The story, and the versions grouped under it, become versions of `group`'s post."""
    mine = _group_now(conn, row)
    members = sa.or_(stories.c.group_id == mine, stories.c.id == mine, stories.c.id == row.id)
    conn.execute(stories.update().where(members).values(group_id=group))


def _merge(conn: Connection, *, into: StoredStory, copy: str, reason: str) -> None:
    group = into.group_id or into.id
    copy_group = conn.scalar(sa.select(stories.c.group_id).where(stories.c.id == copy)) or copy
    conn.execute(sightings.update().where(sightings.c.story_id == copy).values(story_id=into.id, merge_reason=reason))
    if copy_group != group:
        # The copy's other language versions are versions of the story now.
        members = sa.or_(stories.c.group_id == copy_group, stories.c.id == copy_group)
        conn.execute(stories.update().where(members, stories.c.id != copy).values(group_id=group))
    conn.execute(stories.delete().where(stories.c.id == copy))
