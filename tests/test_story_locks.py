"""Story-key locks on PostgreSQL (aggregator/store/story_locks.py): a batch locks every key the
matcher may find a story by before it reads, and leaves out the keys the matcher has stopped
using: a phrase more than MAX_LOOSE_BUCKET stories share, a headline indexing CROWDED_TITLE_KEY."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from aggregator import fingerprint
from aggregator.dedup.matcher import CROWDED_TITLE_KEY, MAX_LOOSE_BUCKET
from aggregator.models import FetchRecord, FetchResult, Gathered, Item, SourceConfig
from aggregator.store import Store, story_keys
from aggregator.store.story_locks import lock_story_keys

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SOURCE = SourceConfig(id="partner", name="Partner", url="https://partner.example.org/feed")
ITEM = Item(
    source_id="partner",
    guid="https://partner.example.org/news/water",
    url="https://partner.example.org/news/water",
    title="Villagers in Batken win the right to clean water",
    summary="After three years of complaints, residents of four villages near Batken persuaded the district "
    "council to repair the water pipeline, and a local human rights group will watch how the money is spent.",
    language="en",
    published=NOW,
)
BATCH = [Gathered(FetchRecord(SOURCE, FetchResult(url=SOURCE.url, outcome="ok"), SOURCE.url, NOW), [ITEM])]


def _index_keys(item: Item) -> list[int]:
    known = fingerprint.candidate(
        title=item.title,
        summary=item.summary,
        url=item.url,
        language=item.language,
        published=item.published,
        source_id=item.source_id,
    )
    return fingerprint.index_keys(known.title, known.fingerprint, known.summary)


def _signed(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


def _locked_by(conn: sa.Connection, store: Store) -> set[int]:
    """The advisory locks `conn`'s backend holds, as the signed keys they were taken with."""
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    with store.engine.connect() as other:
        rows = other.exec_driver_sql(
            "SELECT classid::bigint << 32 | objid::bigint FROM pg_locks "
            "WHERE locktype = 'advisory' AND granted AND pid = %(pid)s",
            {"pid": pid},
        ).all()
    return {_signed(key) for (key,) in rows}


def _stored_under(store: Store, key: int, stories: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(story_keys.insert(), [{"key": key, "fingerprint": n} for n in range(stories)])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_every_key_of_a_new_item_is_locked_until_a_phrase_or_headline_is_crowded(database_url: str) -> None:
    store = Store(database_url)
    try:
        store.create_schema()
        store.sync_sources([SOURCE])
        keys = _index_keys(ITEM)
        phrases = [key for key in keys if fingerprint.is_loose_key(key)]
        headlines = [key for key in keys if fingerprint.is_title_key(key) and not fingerprint.is_loose_key(key)]
        bands = [key for key in keys if not fingerprint.is_title_key(key) and not fingerprint.is_loose_key(key)]
        assert len(phrases) >= 2 and headlines and bands

        with store.engine.begin() as conn:
            everything = lock_story_keys(conn, BATCH)
            held = _locked_by(conn, store)
        assert {fingerprint.to_signed(key) for key in keys} <= held
        assert everything == len(held)  # the index keys and the address keys

        crowded_phrase, shared_phrase = phrases[:2]
        _stored_under(store, fingerprint.to_signed(crowded_phrase), MAX_LOOSE_BUCKET + 1)
        _stored_under(store, fingerprint.to_signed(shared_phrase), MAX_LOOSE_BUCKET)  # still read: still locked
        _stored_under(store, fingerprint.to_signed(headlines[0]), CROWDED_TITLE_KEY)
        with store.engine.begin() as conn:
            locked = lock_story_keys(conn, BATCH)
            held = _locked_by(conn, store)
        assert locked == everything - 2
        assert fingerprint.to_signed(crowded_phrase) not in held
        assert fingerprint.to_signed(headlines[0]) not in held
        assert {fingerprint.to_signed(key) for key in [shared_phrase, *bands]} <= held
    finally:
        store.close()
