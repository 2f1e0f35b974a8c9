"""An item's publication date: one rule (parse/dates.py) on both parsers, whatever the feed
calls the date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.models import ParsedPage
from aggregator.parse.dates import Stamp, item_dates
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import feed_bytes, parse_feed, parse_with_feedparser

BASE = "http://partner.test/feed/"
WHEN = datetime(2003, 12, 31, 10, 14, 55, tzinfo=UTC)
LATER = datetime(2004, 1, 2, 8, 0, 0, tzinfo=UTC)
NS = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'


def rss(item: str, channel_title: str = "T") -> str:
    return f'<rss version="2.0" {NS}><channel><title>{channel_title}</title><item><title>A</title>{item}</item></channel></rss>'


def atom(entry: str) -> str:
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>A</title><id>tag:x,2003:1</id>{entry}</entry></feed>'


def both(text: str) -> tuple[ParsedPage, ParsedPage]:
    body = feed_bytes(text)
    fast = parse_fast(body, BASE)
    assert fast is not None, "the fast path should take this feed"
    return fast, parse_with_feedparser(body, BASE)


def test_rss_1_0_dc_date_is_the_publication_date() -> None:
    # Every RSS 1.0 feed dates its items with dc:date; feedparser files it under "updated".
    page = parse_feed(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        f'{NS}><channel rdf:about="http://x.test/"><title>T</title><link>http://x.test/</link></channel>'
        '<item rdf:about="http://x.test/1"><title>A</title><link>http://x.test/1</link>'
        "<dc:date>2003-12-31T10:14:55Z</dc:date></item></rdf:RDF>",
        BASE,
    )
    assert page.kind == "feed" and page.entries[0].published == WHEN


def test_rss_2_0_dc_date_survives_the_fallback() -> None:
    text = rss("<link>http://x.test/1</link><dc:date>2003-12-31T10:14:55Z</dc:date>", channel_title="T&nbsp;")
    assert parse_fast(feed_bytes(text), BASE) is None  # one &nbsp; sends the feed to feedparser
    assert parse_feed(text, BASE).entries[0].published == WHEN


@pytest.mark.parametrize("element", ["dcterms:issued", "dcterms:created", "dc:date", "dcterms:modified"])
def test_dublin_core_dates_on_both_paths(element: str) -> None:
    for page in both(rss(f"<link>http://x.test/1</link><{element}>2003-12-31T10:14:55Z</{element}>")):
        assert page.entries[0].published == WHEN


def test_atom_entry_with_only_updated_is_dated_by_it() -> None:
    # reddit and many generators write no <published>: <updated> is the best date there is.
    for page in both(atom('<link href="http://x.test/1"/><updated>2003-12-31T10:14:55Z</updated>')):
        assert page.entries[0].published == WHEN
        assert page.entries[0].updated == WHEN


@pytest.mark.parametrize(
    ("text", "published", "updated"),
    [
        pytest.param(rss("<pubDate>Wed, 31 Dec 2003 10:14:55 GMT</pubDate><dc:date>2004-01-02T08:00:00Z</dc:date>"), WHEN, LATER, id="pubDate-over-dc:date"),
        pytest.param(rss("<dcterms:modified>2004-01-02T08:00:00Z</dcterms:modified><dcterms:created>2003-12-31T10:14:55Z</dcterms:created>"), WHEN, LATER, id="created-over-modified"),
        pytest.param(rss("<pubDate>not a date</pubDate><dc:date>2003-12-31T10:14:55Z</dc:date>"), WHEN, WHEN, id="unreadable-pubDate"),
        pytest.param(rss("<dc:date>Wed, 31 Dec 2003 10:14:55 GMT</dc:date>"), WHEN, WHEN, id="dc:date-in-rfc822"),
        pytest.param(atom("<published>2003-12-31T10:14:55.250Z</published><updated>2004-01-02T08:00:00Z</updated>"), WHEN, LATER, id="fraction-of-a-second"),
        pytest.param(atom("<updated>2004-01-02T08:00:00Z</updated><updated>2003-12-31T10:14:55Z</updated>"), WHEN, WHEN, id="updated-twice"),
    ],
)  # fmt: skip
def test_one_rule_on_both_paths(text: str, published: datetime, updated: datetime) -> None:
    for page in both(text):
        assert (page.entries[0].published, page.entries[0].updated) == (published, updated)


def test_a_date_nobody_could_read_is_passed_on_as_written() -> None:
    dates = item_dates(Stamp("31 декабря 2003"), Stamp(), Stamp("вчера"))
    assert (dates.published, dates.published_text) == (None, "31 декабря 2003")
    dates = item_dates(Stamp("31 декабря 2003"), Stamp(), Stamp("2003-12-31T10:14:55Z", WHEN))
    assert (dates.published, dates.published_text) == (WHEN, "2003-12-31T10:14:55Z")
