"""The near-duplicate lookups bounded in SQL (statements._INDEX_HITS, _STORIES_BY_FINGERPRINT)
leave the matcher the same choice it made from every row: a template's shared phrases no
longer bring thousands of index rows, and a fingerprint shared by many stories brings its
newest few."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from aggregator import fingerprint
from aggregator import store as db
from aggregator.dedup.matcher import MAX_CANDIDATES, MAX_LOOSE_BUCKET, Matcher, StoredStory
from aggregator.models import Item
from aggregator.store import Store
from aggregator.store.statements import _MATCHED_COLUMNS
from aggregator.store.story_rows import _LOOSE_TAGS

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SUMMARY = "The ministry of water resources announced on Monday a new irrigation plan for the Fergana valley farms"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


def _item(n: int) -> Item:
    return Item("src", f"g{n}", f"https://example.org/{n}", "Irrigation plan for Fergana farms", SUMMARY, "en", NOW)


def _near(value: int, bits: int, rng: random.Random) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def _bounded(conn: sa.Connection, keys: list[int]) -> list[tuple[int, int | None]]:
    params = {"keys": keys, "bucket": MAX_LOOSE_BUCKET, "loose_tags": _LOOSE_TAGS}
    return [(key, signed) for key, signed in db._select(conn, db._INDEX_HITS, params)]


def test_index_rows_of_a_crowded_phrase_stay_in_the_database_and_the_matcher_keeps_the_same(store: Store) -> None:
    rng = random.Random(23)
    matcher = Matcher([_item(1)], {}, {}, NOW)
    mine = matcher.candidate(_item(1)).fingerprint
    keys = matcher.index_keys_wanted()
    loose = [key for key in keys if fingerprint.is_loose_key(key)]
    firm = [key for key in keys if not fingerprint.is_loose_key(key)]
    assert loose and firm
    # Each key shares its rows with a different number of stories, some close to the item;
    # the first loose key just within the bucket, the second just beyond it, the rest far beyond.
    sharing = {key: MAX_LOOSE_BUCKET + (0 if n == 0 else 1 if n == 1 else 40) for n, key in enumerate(loose)}
    sharing |= {key: 60 for key in firm}  # a band or headline key many stories share: all rows return
    rows = {
        (key, fingerprint.to_signed(_near(mine, rng.choice([0, 1, 2, 3, 5, 9, 20, 30]), rng)))
        for key, count in sharing.items()
        for _ in range(count)
    }
    with store.engine.begin() as conn:
        conn.execute(db.story_keys.insert(), [{"key": k, "fingerprint": f} for k, f in rows])
    with store.engine.connect() as conn:
        every = [tuple(row) for row in conn.execute(sa.select(db.story_keys.c.key, db.story_keys.c.fingerprint))]
        bounded = _bounded(conn, keys)
    per_key = {key: sum(1 for k, signed in bounded if k == key and signed is not None) for key in keys}
    stored_under = {key: sum(1 for k, _ in every if k == key) for key in keys}
    assert per_key[loose[0]] == stored_under[loose[0]] == MAX_LOOSE_BUCKET
    assert all(per_key[key] == 0 for key in loose[1:])
    assert all(per_key[key] == stored_under[key] for key in firm)
    # A crowded phrase's rows are not read; one marker row says it is crowded.
    assert sorted(key for key, signed in bounded if signed is None) == sorted(loose[1:])
    assert len(bounded) < len(every)

    unbounded = Matcher([_item(1)], {}, {}, NOW)
    assert sorted(matcher.close_hits(bounded)) == sorted(unbounded.close_hits(every))
    assert matcher.index_keys(_item(1)) == unbounded.index_keys(_item(1))  # crowded keys alike
    assert not set(loose[1:]) & matcher.index_keys(_item(1))  # a crowded phrase's rows stop growing
    assert loose[0] in matcher.index_keys(_item(1))


def _story(n: int, signed: int, published: datetime) -> dict[str, object]:
    return {
        "id": f"story-{n:02d}", "url": f"https://example.org/{n}", "url_key": f"example.org/{n}", "source_id": "src",
        "title": "Irrigation plan", "summary": SUMMARY, "language": "en", "published": published,
        "updated": published, "date_is_first_seen": False, "first_seen_at": NOW, "fingerprint": signed,
    }  # fmt: skip


def test_stories_of_a_shared_fingerprint_are_the_newest_few_ties_included(store: Store) -> None:
    matcher = Matcher([_item(1)], {}, {}, NOW)
    signed = fingerprint.to_signed(matcher.candidate(_item(1)).fingerprint)
    # Twelve stories of one fingerprint; the 4th to 7th newest published at the same moment,
    # so which of them are among the newest MAX_CANDIDATES is decided by id.
    dates = [NOW - timedelta(days=d) for d in (0, 1, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8)]
    order = random.Random(5).sample(range(12), 12)  # ids not in date order
    other = [_story(50, signed + 1, NOW)]  # another fingerprint, not asked for
    with store.engine.begin() as conn:
        conn.execute(db.stories.insert(), [_story(order[n], signed, when) for n, when in enumerate(dates)] + other)
    with store.engine.connect() as conn:
        params = {"fingerprints": [signed], "newest": MAX_CANDIDATES}
        bounded = [StoredStory(*row) for row in db._select(conn, db._STORIES_BY_FINGERPRINT, params)]
        every = [StoredStory(*row) for row in conn.execute(sa.select(*_MATCHED_COLUMNS))]
    assert len(bounded) == 7  # the newest three and the four tied for the 4th place
    assert {row.fingerprint for row in bounded} == {signed}

    key = next(iter(matcher.index_keys_wanted()))
    ours, theirs = Matcher([_item(1)], {}, {}, NOW), Matcher([_item(1)], {}, {}, NOW)
    ours.add_stored([(key, signed)], bounded)
    theirs.add_stored([(key, signed)], [row for row in every if row.fingerprint == signed])
    kept = [story for story, _, _ in ours._by_key[key]]
    assert kept == [story for story, _, _ in theirs._by_key[key]]
    newest = sorted((row for row in every if row.fingerprint == signed), key=lambda r: (r.published, r.id))[::-1]
    assert kept == [row.id for row in newest[:MAX_CANDIDATES]]
