"""What storing one source's batch means, decided in pure code: new stories, new sightings,
edits in place, known stories seen again. The store looks up what it needs, asks, and writes
the plan's rows as given; nothing here reaches back into the store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from aggregator.dedup.urls import story_id, url_key
from aggregator.models import Item


def content_hash(*fields: str | None) -> str:
    """A short digest of an item's visible fields: a changed hash means the partner edited it."""
    digest = hashlib.sha256("\x1f".join(field or "" for field in fields).encode("utf-8"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class KnownSighting:
    """A source+guid the store has seen before, with the story it belongs to."""

    story_id: str
    content_hash: str


# Which rule tied a new sighting to a known story (NewSighting.rule); "" when it began its story.
SAME_URL_KEY = "same URL key"
SAME_GUID = "same GUID"
NEAR_DUPLICATE = "near-duplicate"

# A guid another source may carry for the same post: a tag: or urn: name, or an address that is
# not the item's own link (a digest that keeps the partner's guid and links to its own page).
_NAMED_GUID_RE = re.compile(r"^(?:tag:|urn:|https?://)\S{8,}$", re.IGNORECASE)


def shared_guid(item: Item) -> bool:
    """Whether `item`'s guid names the post wherever it is listed, so another source's sighting
    with the same guid is the same story. A guid that is only the item's link says nothing the
    address key does not; a bare number or slug is unique within one feed only."""
    guid = item.guid.strip()
    return guid != item.url.strip() and bool(_NAMED_GUID_RE.match(guid))


class NewSighting(NamedTuple):
    """A sightings row to insert: this source listed `guid` (at `url_key`) as `story_id`."""

    guid: str
    url_key: str
    story_id: str
    content_hash: str
    rule: str = ""  # SAME_URL_KEY, SAME_GUID, NEAR_DUPLICATE, or "" (the item began the story)


class NewStory(NamedTuple):
    """A stories row to insert: `item` first seen as story `story_id`, in language group `group_id`."""

    story_id: str
    item: Item
    group_id: str  # the story's own id when it is no other story's language version


class Edit(NamedTuple):
    """An item seen before whose visible fields changed (`content_hash`): edited in place."""

    story_id: str
    content_hash: str
    item: Item


class Gap(NamedTuple):
    """A known story seen again (another guid or source): it may fill its date or author."""

    story_id: str
    item: Item


@dataclass(frozen=True)
class SavePlan:
    """What to write for one source's batch of items, built once by plan_saves."""

    new_stories: list[NewStory] = field(default_factory=list)
    new_sightings: list[NewSighting] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # New stories the matcher found to be another language version of a known story (their ids).
    versioned: set[str] = field(default_factory=set)


def item_hash(item: Item) -> str:
    published = item.published.isoformat() if item.published else None
    return content_hash(item.url, item.title, item.summary, item.language, item.author, published)


def plan_saves(
    items: Sequence[Item],
    *,
    known_sightings: Mapping[str, KnownSighting],
    story_by_key: Mapping[str, str],
    story_by_guid: Mapping[str, str] | None = None,
    near_duplicate: Callable[[Item], str | None] = lambda item: None,
    language_version: Callable[[Item], str | None] = lambda item: None,
    split_off: Mapping[str, str] | None = None,
) -> SavePlan:
    """Decide, for one source's items, which are new stories, new sightings of known stories,
    edits of items seen before, or repeats that change nothing.

    Args:
        known_sightings: this source's sightings of these items' guids, by guid.
        story_by_key: stories already known at these items' URL keys.
        story_by_guid: stories other sources listed under these items' guids (only guids for
            which `shared_guid` holds are looked up).
        near_duplicate: the id of a known story this item is a copy of, found by fingerprint.
        language_version: for a new story, the group of a known story it is another language
            version of (it stays its own story, in its own language's feed).
        split_off: stories staff split this source's sightings off (`aggregator split`), each
            mapped to the story the split made: a match to the first goes to the second.

    Both hooks are asked in item order and may remember what they answered: an item they
    did not match becomes the new story `story_id(url_key(item.url))`. Every item's story is
    decided before any language version is asked for: a version announced by a sighting of a
    known story (a post a digest carried first) is then found whichever comes first in the batch.
    """
    new_stories: list[NewStory] = []
    new_sightings: list[NewSighting] = []
    edits: list[Edit] = []
    gaps: list[Gap] = []
    versioned: set[str] = set()
    new_items: list[tuple[str, Item]] = []
    by_key = dict(story_by_key)
    seen_guids: set[str] = set()
    for item in items:
        if item.guid in seen_guids:
            continue  # a feed listing the same item twice
        seen_guids.add(item.guid)
        digest = item_hash(item)
        known = known_sightings.get(item.guid)
        if known is not None:
            if known.content_hash != digest:
                edits.append(Edit(known.story_id, digest, item))
            continue
        key = url_key(item.url)
        story, rule = by_key.get(key), SAME_URL_KEY
        if story is None and shared_guid(item):
            story, rule = (story_by_guid or {}).get(item.guid), SAME_GUID
        if story is None:
            story, rule = near_duplicate(item), NEAR_DUPLICATE
        if story is None:
            story, rule = story_id(key), ""
            new_items.append((story, item))
        else:
            story = (split_off or {}).get(story, story)
            gaps.append(Gap(story, item))
        by_key[key] = story
        new_sightings.append(NewSighting(item.guid, key, story, digest, rule))
    for story, item in new_items:
        group = language_version(item)
        new_stories.append(NewStory(story, item, group or story))
        if group is not None:
            versioned.add(story)
    return SavePlan(new_stories, new_sightings, edits, gaps, versioned)
