"""One grouping whatever order the sources are fetched in (issue 22), for three kinds of case that
once came out differently by order, each on a small web of three or four sources stored in every
order:

- a digest's copy stored first, under a headline of its own, must not leave the story matched by
  that headline: the partner's news page, with the bare headline, joins it once the feed is in;
- a partner's monthly newsletters share one opening: each digest copy joins its own month,
  whichever issues and copies are stored already (none of the other months);
- a digest carries the partner's Kazakh post before the partner's feed, which lists it with its
  Russian version (hreflang): the Russian post joins the Kazakh story's language group.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from aggregator.models import CacheInfo, FetchResult, Item, SourceConfig
from aggregator.store import Store

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
OK = FetchResult(url="https://x/", outcome="ok", status=200, cache=CacheInfo(None, None))
SITE = "https://taza-suu.example.kg"
FEED = SourceConfig("ts-feed", "Taza Suu (feed)", f"{SITE}/feed/", "feed", ("en", "ru", "kk"))
PAGE = SourceConfig("ts-page", "Taza Suu (news)", f"{SITE}/news/", "html", ("en", "ru", "kk"))
DIGEST = SourceConfig("weekly", "Steppe Weekly", "https://steppe-weekly.example.net/rss", "feed", ("en", "ru", "kk"))
LETTERS = SourceConfig("letters", "Region Letters", "https://region-letters.example.org/feed", "feed", ("en",))
ALL = (FEED, PAGE, DIGEST, LETTERS)


def item(source: SourceConfig, url: str, title: str, summary: str, published: datetime | None, **more: object) -> Item:
    # raw_title: the headline as published, which the parsers give every item.
    return Item(source_id=source.id, guid=url, url=url, title=title, summary=summary,
                language=str(more.get("language", "en")), published=published, raw_title=title,
                alternates=tuple(more.get("alternates", ())))  # type: ignore[arg-type]  # fmt: skip


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources(ALL)
    yield store
    store.close()


def store_in_order(store: Store, batches: Sequence[tuple[SourceConfig, list[Item]]]) -> dict[str, tuple[str, str]]:
    """Store the batches one after the other; each sighting's address -> (its story, its group)."""
    for step, (source, items) in enumerate(batches):
        store.record_collection(source, OK, items, now=NOW + timedelta(minutes=step), fetch_url=None)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.url, t.id, COALESCE(t.group_id, t.id) FROM sightings s JOIN stories t ON t.id = s.story_id"
            )
        ).all()
    return {url: (story, group) for url, story, group in rows}


# --- a copy stored first under its own headline ------------------------------------------------------

POSTED = datetime(2026, 10, 14, 9, 30, tzinfo=UTC)
BRIDGE_URL = f"{SITE}/?p=4410"
BRIDGE_TITLE = "Young volunteers in Naryn repair the old footbridge"
BRIDGE_TEXT = (
    "Twenty young volunteers spent the weekend replacing rotten planks and railings on the footbridge "
    "that pupils of two villages near Naryn cross every morning, with timber donated by the district."
)
BRIDGE = {
    "feed": (FEED, [item(FEED, BRIDGE_URL, BRIDGE_TITLE, BRIDGE_TEXT, POSTED)]),
    # The news page: the headline alone, the day only, at an address of its own.
    "page": (PAGE, [item(PAGE, f"{SITE}/news/2026/10/young-volunteers-naryn.html", BRIDGE_TITLE, "",
                         datetime(2026, 10, 14, tzinfo=UTC))]),
    # A digest a day later: its label in front, a word of the headline its own, the excerpt cut.
    "digest": (DIGEST, [item(DIGEST, "https://steppe-weekly.example.net/items/5531",
                             "TAZA SUU: young volunteers in Naryn mend the old footbridge",
                             BRIDGE_TEXT[:150] + " …", POSTED + timedelta(days=1, hours=3))]),
}  # fmt: skip


@pytest.mark.parametrize("order", list(itertools.permutations(BRIDGE)), ids="-".join)
def test_a_copy_stored_first_does_not_keep_the_story_from_the_partners_page(
    store: Store, order: tuple[str, ...]
) -> None:
    shown = store_in_order(store, [BRIDGE[name] for name in order])
    assert len({story for story, _ in shown.values()}) == 1, shown


# --- a newsletter series under one opening ---------------------------------------------------------

OPENING = "Dear friends, here is our monthly letter with news from the monitors, coming trainings and ways to help."
MONTHS = {
    "March": "This month: a water quality survey in Balykchy and a new youth group.",
    "April": "This month: a hearing on the Kara-Balta tailings and two school workshops.",
    "May": "This month: spring clean-ups along the Chui canal and a grant call for villages.",
    "June": "This month: a report on irrigation fees and a summer camp for young monitors.",
    "July": "This month: flood damage in Kochkor and a petition on drinking water tariffs.",
    "August": "This month: a court visit in Talas and a training on budget hearings.",
}


def letter(month: str, number: int) -> Item:
    at = datetime(2026, number + 3, 28, 8, tzinfo=UTC)
    return item(FEED, f"{SITE}/news/monthly-letter-{month.lower()}-2026/", f"Monthly letter: {month} 2026",
                f"{OPENING} {MONTHS[month]}", at)  # fmt: skip


SERIES = {
    "feed": (FEED, [letter(month, number) for number, month in enumerate(MONTHS)]),
    # One digest copies June whole under quotation marks, and April cut to the opening.
    "digest": (DIGEST, [
        item(DIGEST, "https://steppe-weekly.example.net/items/7001", "“Monthly letter: June 2026”",
             f"{OPENING} {MONTHS['June']}", datetime(2026, 8, 1, 6, tzinfo=UTC)),
        item(DIGEST, "https://steppe-weekly.example.net/items/6890", "Monthly Letter: April 2026",
             "Dear friends, here is our monthly letter with news from the monitors, coming …",
             datetime(2026, 4, 29, 7, tzinfo=UTC)),
    ]),
    # Another copies August with its own label in front and the excerpt cut short.
    "letters": (LETTERS, [
        item(LETTERS, "https://region-letters.example.org/2026/09/kyrgyzstan-monthly-letter-august",
             "Kyrgyzstan: Monthly letter: August 2026", "Dear friends, here is our monthly letter with news …",
             datetime(2026, 9, 1, 5, tzinfo=UTC)),
    ]),
}  # fmt: skip


@pytest.mark.parametrize("order", list(itertools.permutations(SERIES)), ids="-".join)
def test_each_copy_of_a_series_joins_its_own_issue(store: Store, order: tuple[str, ...]) -> None:
    shown = store_in_order(store, [SERIES[name] for name in order])
    story_of = {url: story for url, (story, _) in shown.items()}
    issue = {month: story_of[f"{SITE}/news/monthly-letter-{month.lower()}-2026/"] for month in MONTHS}
    assert len(set(issue.values())) == len(MONTHS)  # no two months merged
    assert story_of["https://steppe-weekly.example.net/items/7001"] == issue["June"]
    assert story_of["https://steppe-weekly.example.net/items/6890"] == issue["April"]
    assert story_of["https://region-letters.example.org/2026/09/kyrgyzstan-monthly-letter-august"] == issue["August"]


# --- a version of a post a digest carried first ------------------------------------------------------

RU_URL, KK_URL = f"{SITE}/ru/?p=812", f"{SITE}/kk/?p=815"
KK_TITLE = "Taza Suu жастарға су сапасын тексеруді үйретеді"
KK_TEXT = "Мектеп оқушылары Ыстықкөл жағасындағы бес ауылда су үлгілерін алып, нәтижелерін картаға түсіреді."
VERSIONS = {
    # The partner's feed lists both versions, each naming the other (hreflang).
    "feed": (FEED, [
        item(FEED, RU_URL, "Taza Suu учит молодёжь проверять качество воды",
             "Школьники отберут пробы воды в пяти сёлах на берегу Иссык-Куля и нанесут результаты на карту.",
             datetime(2026, 11, 3, 10, tzinfo=UTC), language="ru", alternates=[KK_URL]),
        item(FEED, KK_URL, KK_TITLE, KK_TEXT, datetime(2026, 11, 4, 12, tzinfo=UTC), language="kk",
             alternates=[RU_URL]),
    ]),
    # The digest carries the Kazakh post hours before the partner's feed gives its date for it.
    "digest": (DIGEST, [item(DIGEST, "https://steppe-weekly.example.net/items/8120", f"Қырғызстан: {KK_TITLE}",
                             KK_TEXT, datetime(2026, 11, 4, 7, tzinfo=UTC), language="kk")]),
}  # fmt: skip


@pytest.mark.parametrize("order", list(itertools.permutations(VERSIONS)), ids="-".join)
def test_a_version_finds_the_post_a_digest_stored_first(store: Store, order: tuple[str, ...]) -> None:
    shown = store_in_order(store, [VERSIONS[name] for name in order])
    assert shown["https://steppe-weekly.example.net/items/8120"][0] == shown[KK_URL][0]  # one Kazakh story
    assert len({group for _, group in shown.values()}) == 1, shown  # the Russian post is its version


# --- three sightings stored apart before the original --------------------------------------------------

COPIES = {
    **BRIDGE,
    # Another digest: a headline of its own, the excerpt cut elsewhere with two words its own.
    # It is a copy of the partner's post, not close enough to the other digest's to be told one.
    "letters": (LETTERS, [item(LETTERS, "https://region-letters.example.org/2026/10/naryn-bridge",
                               "Kyrgyzstan — Naryn pupils get a safer footbridge thanks to volunteers",
                               "Twenty young volunteers spent the weekend replacing rotten boards and railings on the "
                               "footbridge that children of two villages near Naryn cross every morning …",
                               POSTED + timedelta(days=2))]),
}  # fmt: skip


@pytest.mark.parametrize("order", list(itertools.permutations(COPIES)), ids="-".join)
def test_copies_stored_apart_all_join_the_original(store: Store, order: tuple[str, ...]) -> None:
    shown = store_in_order(store, [COPIES[name] for name in order])
    assert len({story for story, _ in shown.values()}) == 1, shown


# --- a version naming the partner's address of a story a digest stored first ----------------------------

RU_BRIDGE_URL = f"{SITE}/ru/news/2026/10/naryn-most.html"
TRANSLATED = {
    "feed": (FEED, [item(FEED, BRIDGE_URL, BRIDGE_TITLE, BRIDGE_TEXT, POSTED, alternates=[RU_BRIDGE_URL])]),
    "digest": BRIDGE["digest"],
    # The partner's Russian news page: the version, naming the English post's address (hreflang).
    "page": (PAGE, [item(PAGE, RU_BRIDGE_URL, "Молодые волонтёры в Нарыне отремонтировали старый пешеходный мост",
                         "Двадцать молодых волонтёров за выходные заменили гнилые доски и перила моста, по которому "
                         "каждое утро ходят школьники двух сёл под Нарыном.",
                         POSTED + timedelta(hours=4), language="ru", alternates=[BRIDGE_URL])]),
}  # fmt: skip


@pytest.mark.parametrize("order", list(itertools.permutations(TRANSLATED)), ids="-".join)
def test_a_version_finds_the_partners_post_first_stored_from_a_digest(store: Store, order: tuple[str, ...]) -> None:
    shown = store_in_order(store, [TRANSLATED[name] for name in order])
    assert shown["https://steppe-weekly.example.net/items/5531"][0] == shown[BRIDGE_URL][0]
    assert len({group for _, group in shown.values()}) == 1, shown
