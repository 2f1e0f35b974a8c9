"""The media fixtures (fixtures/media/) collected into a store, for the media tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aggregator.clean import to_items
from aggregator.models import FetchResult, Item, SourceConfig
from aggregator.parse.feed import parse_feed
from aggregator.store import Store

MEDIA = Path(__file__).resolve().parent.parent / "fixtures" / "media"
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
BASE = "http://partner.test/feed"
# One source per fixture feed, in the languages it is written in.
SOURCES = {
    "rss-ru-ky.xml": SourceConfig("pravo", "Pravo Centre", "http://partner.test/", "feed", ("ru", "ky")),
    "atom-sv.xml": SourceConfig("solidaritet", "Solidaritet", "http://partner.test/sv/", "feed", ("sv",)),
    "json-pl.json": SourceConfig("kobiety", "KobieTY", "http://partner.test/pl/", "feed", ("pl",)),
}


def items_of(name: str) -> list[Item]:
    text = (MEDIA / name).read_text(encoding="utf-8")
    return to_items(parse_feed(text, BASE), SOURCES[name], excerpt_length=300, now=NOW)


def collected(database_url: str) -> Store:
    """A store holding every media fixture's items."""
    store = Store(database_url)
    store.create_schema()
    store.sync_sources(list(SOURCES.values()))
    for name, source in SOURCES.items():
        result = FetchResult(url=source.url, outcome="ok", status=200)
        store.record_collection(source, result, items_of(name), now=NOW, fetch_url=None)
    return store
