"""One story whatever the fetch order (issue 22, store.story_merge): a story first stored from a
news page's bare headline is matched again once the partner's feed gives it its excerpt, so a
digest's copy stored apart before is merged in, and a translation the headline alone did not
reveal joins its language group. Every order of the three sources gives the same grouping."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from aggregator.models import CacheInfo, FetchResult, Item, SourceConfig
from aggregator.store import Store

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
SITE = "https://birduino.example.kg"
FEED = SourceConfig("bd-feed", "Bir Duino (feed)", f"{SITE}/feed/", "feed", ("en", "ru"))
PAGE = SourceConfig("bd-page", "Bir Duino (news)", f"{SITE}/en/press/", "html", ("en", "ru"))
DIGEST = SourceConfig("digest", "Regional Digest", "https://digest.example.net/rss", "feed", ("en", "ru"))
OK = FetchResult(url="https://x/", outcome="ok", status=200, cache=CacheInfo(None, None))

POSTED = datetime(2026, 11, 28, 11, 40, tzinfo=UTC)
EN_URL = f"{SITE}/en/press/seminar-on-womens-political-participation-in-talas/"
EN_TEXT = (
    "Thirty women from local councils in Talas discussed gender quotas and how to stand as candidates "
    "in the local elections next spring, with lawyers from Bishkek."
)


def item(source: str, url: str, title: str, summary: str, published: datetime | None, language: str = "en") -> Item:
    return Item(source_id=source, guid=url, url=url, title=title, summary=summary, language=language,
                published=published)  # fmt: skip


BATCHES = {
    # The partner's news page: the headline alone, the day only (stored as midnight).
    "page": (PAGE, [item("bd-page", EN_URL, "Seminar on women's political participation in Talas", "",
                         datetime.combine(date(2026, 11, 28), datetime.min.time(), UTC))]),
    # A digest a day later: its own label and letter case, the excerpt cut to a few words.
    "digest": (DIGEST, [item("digest", "https://digest.example.net/items/1062",
                             "Bir Duino — Seminar On Women's Political Participation In Talas",
                             "Thirty women from local councils in Talas discussed gender …",
                             POSTED + timedelta(days=1))]),
    # The partner's feed: the post with its excerpt, and its Russian version at an address of its own.
    "feed": (FEED, [
        item("bd-feed", EN_URL, "Seminar on women's political participation in Talas", EN_TEXT, POSTED),
        item("bd-feed", f"{SITE}/ru/press/talas-zhenshchiny-kvoty/",
             "Семинар о политическом участии женщин в Таласе",
             "Тридцать женщин из местных кенешей Таласа обсудили гендерные квоты и то, как выдвигаться "
             "кандидатами на местных выборах следующей весной, вместе с юристами из Бишкека.",
             POSTED + timedelta(hours=5), "ru"),
    ]),
}  # fmt: skip


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([FEED, PAGE, DIGEST])
    yield store
    store.close()


def grouping(store: Store) -> dict[str, tuple[str, str]]:
    """Each sighting's address -> (its story's main address, its language group's main address)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.url, t.url, COALESCE(g.url, t.url) FROM sightings s JOIN stories t ON t.id = s.story_id "
                "LEFT JOIN stories g ON g.id = t.group_id"
            )
        ).all()
    return {sighting: (story, group) for sighting, story, group in rows}


@pytest.mark.parametrize("order", list(itertools.permutations(BATCHES)), ids="-".join)
def test_every_order_gives_one_story_and_one_language_group(store: Store, order: tuple[str, ...]) -> None:
    for step, name in enumerate(order):
        source, items = BATCHES[name]
        store.record_collection(source, OK, items, now=NOW + timedelta(minutes=step), fetch_url=None)
    shown = grouping(store)
    english = {story for url, (story, _) in shown.items() if "/ru/" not in url}
    assert len(english) == 1, shown  # the page's, the feed's and the digest's sightings: one story
    assert len({group for _, group in shown.values()}) == 1, shown  # the Russian version: one group
    with store.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM stories")) == 2


def test_a_withdrawn_copy_is_not_merged_into_a_public_story(store: Store) -> None:
    for name in ("page", "digest"):
        source, items = BATCHES[name]
        store.record_collection(source, OK, items, now=NOW, fetch_url=None)
    with store.engine.connect() as conn:
        copy = conn.scalar(sa.text("SELECT story_id FROM sightings WHERE source_id = 'digest'"))
    store.withdraw(copy, "names a participant", "staff", NOW)
    source, items = BATCHES["feed"]
    store.record_collection(source, OK, items, now=NOW + timedelta(minutes=1), fetch_url=None)
    with store.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT story_id FROM sightings WHERE source_id = 'digest'")) == copy
