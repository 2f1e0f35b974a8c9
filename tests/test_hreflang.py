"""Translations announced by the partner itself (issue 22): `<link rel="alternate" hreflang>`
in Atom entries and in HTML item blocks is read into the entry, and the store joins the two
versions as one story group, in one batch or across passes, whatever their slugs and dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.clean import to_items
from aggregator.models import CacheInfo, FetchResult, Item, Selectors, SourceConfig
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import parse_feed, parse_with_feedparser
from aggregator.parse.html import scrape
from aggregator.store import Store

NOW = datetime(2026, 11, 30, tzinfo=UTC)
BASE = "https://birduino.example.kg/feed.atom"
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Bir Duino</title><id>tag:b,2026:feed</id>
<updated>2026-11-02T12:05:00+06:00</updated>
<entry xml:lang="ky"><title>Укук коргоочулар жаңы омбудсмен менен жолугушту</title>
 <link rel="alternate" hreflang="en" href="/en/news/meeting-ombudsman/"/>
 <link rel="alternate" type="text/html" href="/ky/janylyktar/ombudsmen-jolugushuu/"/>
 <id>tag:b,2026:2</id><updated>2026-11-02T12:05:00+06:00</updated>
 <summary>Он эки уюмдун өкүлдөрү дүйшөмбү күнү жаңы омбудсмен менен жолугушту.</summary></entry>
<entry><title>Human rights defenders meet the new ombudsman</title>
 <link rel="alternate" type="text/html" href="/en/news/meeting-ombudsman/"/>
 <link rel="alternate" hreflang="ky" href="/ky/janylyktar/ombudsmen-jolugushuu/?utm_source=rss"/>
 <link rel="alternate" hreflang="en" href="/en/news/meeting-ombudsman/"/>
 <id>tag:b,2026:1</id><updated>2026-11-02T12:00:00+06:00</updated>
 <summary>Representatives of twelve organisations met the new ombudsman on Monday.</summary></entry>
</feed>"""
EN = "https://birduino.example.kg/en/news/meeting-ombudsman/"
KY = "https://birduino.example.kg/ky/janylyktar/ombudsmen-jolugushuu/"
SOURCE = SourceConfig("bir-duino", "Bir Duino", BASE, "feed", ("en", "ky"))


@pytest.mark.parametrize("parse", [parse_fast, parse_with_feedparser], ids=["fast", "feedparser"])
def test_atom_hreflang_links_are_alternates_never_the_entrys_own_link(parse: object) -> None:
    page = parse(ATOM.encode(), BASE)  # type: ignore[operator]
    assert page is not None
    ky, en = page.entries
    # The hreflang link comes first in the Kyrgyz entry: it is still not the entry's link.
    assert ky.link == KY and ky.alternates == (EN,)
    # Its own address listed again with hreflang is not an alternate of itself.
    assert en.link == EN and en.alternates == (KY + "?utm_source=rss",)
    items = to_items(page, SOURCE, excerpt_length=300, now=NOW)
    assert [item.alternates for item in items] == [(EN,), (KY,)]  # tracking gone, as in url


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Novi Ritm</title>
<link>https://noviritm.example.kg/</link><description>News</description>
<item><title>Медиа мектеп башталды</title><link>https://noviritm.example.kg/ky/news/media-mektep/</link>
 <atom:link rel="alternate" hreflang="ru" href="https://noviritm.example.kg/ru/news/mediashkola/"/>
 <guid isPermaLink="false">nr-1</guid><description>Баткенде медиа мектеп башталды.</description></item>
</channel></rss>"""


def test_rss_items_give_their_atom_hreflang_links() -> None:
    # An RSS item with Atom children is read by feedparser (the fast path declines it).
    assert parse_fast(RSS.encode(), "https://noviritm.example.kg/feed/") is None
    (entry,) = parse_feed(RSS, "https://noviritm.example.kg/feed/").entries
    assert entry.link == "https://noviritm.example.kg/ky/news/media-mektep/"
    assert entry.alternates == ("https://noviritm.example.kg/ru/news/mediashkola/",)


def test_html_item_blocks_give_their_hreflang_links() -> None:
    html = """<html lang="ru"><body>
    <article><h2><a href="/ru/news/goryachaya-liniya/">Горячая линия</a></h2>
      <link rel="alternate" hreflang="kk" href="/kk/zhanalyqtar/senim-telefony/">
      <link rel="stylesheet" href="/style.css"><p>Текст</p></article>
    <article><h2><a href="/ru/news/drugoe/">Другое</a></h2><p>Текст</p></article></body></html>"""
    page = scrape(html, "https://feminita.example.kz/ru/", Selectors(item="article", title="h2", link="h2 a"))
    assert [entry.alternates for entry in page.entries] == [
        ("https://feminita.example.kz/kk/zhanalyqtar/senim-telefony/",),
        (),
    ]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([SOURCE])
    yield store
    store.close()


OK = FetchResult(url=BASE, outcome="ok", status=200, cache=CacheInfo())


def _version(url: str, language: str, title: str, published: datetime, alternates: tuple[str, ...]) -> Item:
    summary = {"en": "Representatives of twelve organisations met the ombudsman.", "ky": "Он эки уюм жолугушту."}
    return Item(
        source_id="bir-duino", guid=url, url=url, title=title, summary=summary[language], language=language,
        published=published, alternates=alternates,
    )  # fmt: skip


def test_hreflang_joins_versions_stored_in_another_pass_days_apart(store: Store) -> None:
    when = datetime(2026, 11, 2, 6, tzinfo=UTC)
    english = _version(EN, "en", "Defenders meet the ombudsman", when, (KY,))
    kyrgyz = _version(KY, "ky", "Укук коргоочулар омбудсмен менен", when + timedelta(days=5), (EN,))
    store.record_collection(SOURCE, OK, [english], now=NOW, fetch_url=None)
    store.record_collection(SOURCE, OK, [kyrgyz], now=NOW + timedelta(hours=1), fetch_url=None)
    stories = store.latest_stories(10)
    assert len(stories) == 2  # each language keeps its own story
    assert len({story.group_id for story in stories}) == 1


def test_without_hreflang_the_same_two_posts_stay_apart(store: Store) -> None:
    when = datetime(2026, 11, 2, 6, tzinfo=UTC)
    english = _version(EN, "en", "Defenders meet the ombudsman", when, ())
    kyrgyz = _version(KY, "ky", "Укук коргоочулар омбудсмен менен", when + timedelta(days=5), ())
    store.record_collection(SOURCE, OK, [english, kyrgyz], now=NOW, fetch_url=None)
    assert len({story.group_id for story in store.latest_stories(10)}) == 2
