"""Links, ids, titles and authors as the feed gives them, alike on both parsers; and which items
the fast path leaves to feedparser."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.clean import to_items
from aggregator.models import ParsedPage, SourceConfig
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import feed_bytes, parse_feed, parse_with_feedparser

BASE = "http://partner.test/feeds/"
NS = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'


def rss(item: str, channel: str = "<title>T</title>") -> str:
    return f'<rss version="2.0" {NS}><channel>{channel}<item>{item}</item></channel></rss>'


def atom(entry: str, attributes: str = "") -> str:
    return f'<feed xmlns="http://www.w3.org/2005/Atom" {attributes}><title>T</title><entry>{entry}</entry></feed>'


def both(text: str) -> tuple[ParsedPage, ParsedPage]:
    body = feed_bytes(text)
    fast = parse_fast(body, BASE)
    assert fast is not None, "the fast path should take this feed"
    return fast, parse_with_feedparser(body, BASE)


def test_dublin_core_title_and_language_where_rss_has_none() -> None:
    channel = "<dc:title>Channel</dc:title><dc:language>ky</dc:language>"
    for page in both(rss("<dc:title>Item</dc:title><link>http://x.test/1</link>", channel)):
        assert (page.title, page.language, page.entries[0].title) == ("Channel", "ky", "Item")


def test_rss_link_written_as_an_attribute() -> None:
    for page in both(rss('<title>A</title><link href="http://x.test/1"/>', '<title>T</title><link href="/"/>')):
        assert (page.link, page.entries[0].link) == ("http://partner.test/", "http://x.test/1")


def test_atom_link_written_as_text_and_the_alternate_first() -> None:
    entry = (
        '<title>A</title><link rel="enclosure">http://x.test/a.mp3</link><link rel="alternate">http://x.test/1</link>'
    )
    for page in both(atom(entry)):
        assert page.entries[0].link == "http://x.test/1"


def test_an_id_that_is_no_address_is_no_link() -> None:
    # feedparser resolved every id against the feed's address and made it the link:
    # <id>right</id> became http://partner.test/feeds/right, published as the story's address.
    text = atom("<title>A&nbsp;</title><id>right</id>")
    assert parse_fast(feed_bytes(text), BASE) is None
    entry = parse_feed(text, BASE).entries[0]
    assert (entry.guid, entry.link) == ("right", None)
    source = SourceConfig("s", "S", BASE, "feed", ())
    assert to_items(parse_feed(text, BASE), source, excerpt_length=300, now=datetime(2026, 1, 1, tzinfo=UTC)) == []


def test_ids_are_kept_as_written() -> None:
    for page in both(atom('<title>A</title><id>HTTP://www.example.org/thing</id><link href="/1"/>')):
        assert page.entries[0].guid == "HTTP://www.example.org/thing"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(atom('<title>A</title><id>post-1</id><link href="p/1"/>', 'xml:base="http://x.test/blog/"'), id="atom"),
        pytest.param(rss("<title>A</title><guid>post-1</guid><link>p/1</link>").replace("<rss ", '<rss xml:base="http://x.test/blog/" '), id="rss"),
    ],
)  # fmt: skip
def test_ids_are_kept_as_written_under_xml_base(text: str) -> None:
    for page in both(text):
        assert (page.entries[0].guid, page.entries[0].link) == ("post-1", "http://x.test/blog/p/1")


def test_a_guid_under_xml_base_does_not_become_a_link() -> None:
    text = rss("<title>A</title><guid>123</guid>").replace("<rss ", '<rss xml:base="http://x.test/blog/" ')
    for page in both(text):
        assert (page.entries[0].guid, page.entries[0].link) == ("123", None)


@pytest.mark.parametrize(
    ("guid", "link"),
    [
        pytest.param("<guid>12345</guid>", None, id="number"),
        pytest.param("<guid>tag:x.test,2019:1</guid>", None, id="tag-uri"),
        pytest.param("<guid>http://x.test/a</guid>", "http://x.test/a", id="absolute"),
        pytest.param('<guid isPermaLink="false">http://x.test/a</guid>', None, id="not-a-permalink"),
        pytest.param(
            '<guid isPermaLink="true">/posts/7</guid>', "http://partner.test/posts/7", id="relative-permalink"
        ),
        pytest.param('<guid isPermaLink="true">mailto:x@x.test</guid>', None, id="permalink-not-web"),
    ],
)
def test_a_guid_is_a_link_only_when_it_is_an_address(guid: str, link: str | None) -> None:
    for page in both(rss(f"<title>A</title>{guid}")):
        assert page.entries[0].link == link


def test_an_atom_id_that_is_an_address_is_the_link_on_both_paths() -> None:
    for page in both(atom("<title>A</title><id>http://x.test/1</id>")):
        assert page.entries[0].link == "http://x.test/1"


def test_an_email_address_is_no_byline() -> None:
    for page in both(atom("<title>A</title><author><email>press@x.test</email></author>")):
        assert page.entries[0].author is None
    for page in both(rss("<title>A</title><author>press@x.test</author>")):
        assert page.entries[0].author is None


def test_an_empty_channel_with_an_html_entity_is_a_feed() -> None:
    page = parse_feed(rss("", "<title>Новости&nbsp;</title>").replace("<item></item>", ""), BASE)
    assert (page.kind, page.title, page.entries) == ("feed", "Новости", ())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(atom("<title>A</title>").replace("<entry>", "<item>").replace("</entry>", "</item>"), id="rss-item-in-atom"),
        pytest.param(rss("<title>A</title><id>1</id><updated>2003-12-31T10:14:55Z</updated>"), id="atom-names-in-rss"),
        pytest.param(rss("<category>C<image><title>Not it</title></image></category>"), id="markup-in-category"),
        pytest.param(rss('<body xmlns="http://www.w3.org/1999/xhtml"><p>Text</p></body>'), id="xhtml-body"),
        pytest.param(rss('<itunes:summary xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">S</itunes:summary>'), id="itunes-summary"),
        pytest.param(rss('<media:content xmlns:media="http://search.yahoo.com/mrss/"><media:title>M</media:title></media:content>'), id="media-title"),
        pytest.param(atom(f"<title>A</title><dc:date {NS}>2003-12-31T10:14:55Z</dc:date>"), id="dc-in-atom"),
    ],
)  # fmt: skip
def test_items_feedparser_reads_differently_go_to_feedparser(text: str) -> None:
    assert parse_fast(feed_bytes(text), BASE) is None
