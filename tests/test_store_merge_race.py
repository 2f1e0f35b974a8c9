"""A merge racing another worker's batch, on the real PostgreSQL (issue 22, many workers at once).

The partner's feed (transaction A) gives a story its words, and story_merge merges the digest's
copy stored apart before into it, deleting the copy's row. At the same moment a mirror's batch
(transaction B) finds the copy by its address and attaches a sighting to it. The two share no
story key, so they are not serialised; whichever commits second lost the race (its sighting
points at a deleted story, or the row it deletes has gained a sighting). The loser must store
again, reading anew, so no source fails and the post comes out as one story.

The interleaving is forced, not hoped for: a third connection holds a source's row, so the
transaction that reaches its last write (the source's fetch state) waits there, uncommitted,
while the other runs into it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from aggregator.models import CacheInfo, FetchResult, Item, SaveResult, SourceConfig
from aggregator.store import Store

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
SITE = "https://birduino.example.kg"
FEED = SourceConfig("bd-feed", "Bir Duino (feed)", f"{SITE}/feed/", "feed", ("en",))
PAGE = SourceConfig("bd-page", "Bir Duino (news)", f"{SITE}/en/press/", "html", ("en",))
DIGEST = SourceConfig("digest", "Regional Digest", "https://digest.example.net/rss", "feed", ("en",))
MIRROR = SourceConfig("mirror", "Links of the week", "https://links.example.org/rss", "feed", ("en",))
OK = FetchResult(url="https://x/", outcome="ok", status=200, cache=CacheInfo(None, None))

POSTED = datetime(2026, 11, 28, 11, 40, tzinfo=UTC)
POST_URL = f"{SITE}/en/press/seminar-on-womens-political-participation-in-talas/"
DIGEST_URL = "https://digest.example.net/items/1062"
TITLE = "Seminar on women's political participation in Talas"
TEXT = (
    "Thirty women from local councils in Talas discussed gender quotas and how to stand as candidates "
    "in the local elections next spring, with lawyers from Bishkek."
)


def _item(source: str, url: str, title: str, summary: str, published: datetime) -> Item:
    return Item(source_id=source, guid=url, url=url, title=title, summary=summary, language="en", published=published)


PAGE_ITEM = _item("bd-page", POST_URL, TITLE, "", datetime.combine(date(2026, 11, 28), datetime.min.time(), UTC))
DIGEST_ITEM = _item("digest", DIGEST_URL, f"Bir Duino — {TITLE.title()}", "Thirty women from local councils in Talas "
                    "discussed gender …", POSTED + timedelta(days=1))  # fmt: skip
FEED_ITEM = _item("bd-feed", POST_URL, TITLE, TEXT, POSTED)
# Links to the digest's copy under words of its own: it meets the copy by address alone, and
# shares no story key with the feed's batch (its locks do not make it wait for the merge).
MIRROR_ITEM = _item("mirror", DIGEST_URL, "Worth reading this week", "", POSTED + timedelta(days=2))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([FEED, PAGE, DIGEST, MIRROR])
    store.record_collection(PAGE, OK, [PAGE_ITEM], now=NOW, fetch_url=None)
    store.record_collection(DIGEST, OK, [DIGEST_ITEM], now=NOW, fetch_url=None)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one() == 2  # the copy, stored apart
    yield store
    store.close()


class _Storing(threading.Thread):
    """One source's batch stored in a thread of its own (its own connection and transaction)."""

    def __init__(self, store: Store, source: SourceConfig, item: Item) -> None:
        super().__init__(daemon=True)
        self.store, self.source, self.item = store, source, item
        self.saved: SaveResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.saved = self.store.record_collection(self.source, OK, [self.item], now=NOW, fetch_url=None)
        except BaseException as error:  # reported by the test
            self.error = error


def _waiting_on_locks(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
        ).scalar_one()


def _wait_for(condition: Callable[[], bool], what: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _stories_of_sightings(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT source_id, story_id FROM sightings")).all())


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("held", ["merge", "attach"], ids=["merge-commits-first", "attach-commits-first"])
def test_a_batch_racing_a_merge_of_its_story_stores_and_the_post_stays_one_story(store: Store, held: str) -> None:
    first, second = (
        (_Storing(store, FEED, FEED_ITEM), _Storing(store, MIRROR, MIRROR_ITEM))
        if held == "merge"
        else (_Storing(store, MIRROR, MIRROR_ITEM), _Storing(store, FEED, FEED_ITEM))
    )
    holder = store.engine.connect()
    transaction = holder.begin()
    try:
        # Writers of this source's row wait; its sightings' foreign key checks (KEY SHARE) do not.
        holder.execute(sa.text("SELECT 1 FROM sources WHERE id = :id FOR NO KEY UPDATE"), {"id": first.source.id})
        first.start()
        _wait_for(lambda: _waiting_on_locks(store) == 1, "the first batch to wait, its story rows written")
        second.start()
        # The second runs into the first's uncommitted rows: the copy deleted, or a sighting added to it.
        _wait_for(lambda: _waiting_on_locks(store) == 2, "the second batch to wait for the first")
    finally:
        transaction.rollback()
        holder.close()
    first.join(120)
    second.join(120)
    assert not first.is_alive() and not second.is_alive()
    assert first.error is None and second.error is None, (first.error, second.error)

    by_source = _stories_of_sightings(store)
    assert set(by_source) == {"bd-page", "digest", "bd-feed", "mirror"}
    assert len(set(by_source.values())) == 1, by_source  # one story: the copy merged, the mirror's link in it
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one() == 1
    [story] = store.find_stories(POST_URL)
    assert story.summary == TEXT
