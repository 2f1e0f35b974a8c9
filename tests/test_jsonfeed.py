"""JSON Feed 1.0 and 1.1 read by `parse.jsonfeed`: the specs' own examples, feedparser's JSON
test file and the mess partners' servers send (any JSON at all: test_jsonfeed_fuzz.py)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from aggregator.clean import to_item, to_items
from aggregator.models import FetchResult, ParsedPage, SourceConfig
from aggregator.parse import parse_document
from aggregator.parse.jsonfeed import Attachment, JsonFeed, parse_json_feed, read_json_feed
from tests.feedparser_corpus import SKIP_REASON, corpus_dir

NOW = datetime(2026, 5, 1, tzinfo=UTC)
SOURCE = SourceConfig("partner", "Partner", "https://partner.test/feed.json", "feed", ("en",))
FETCHED_FROM = "https://partner.test/feeds/main.json"
V1 = "https://jsonfeed.org/version/1"
V11 = "https://jsonfeed.org/version/1.1"


def parsed(document: object, base: str = FETCHED_FROM) -> ParsedPage:
    return parse_json_feed(json.dumps(document), base)


def feed(*items: object, **fields: object) -> dict[str, object]:
    return {"version": V11, "title": "Partner", **fields, "items": list(items)}


def fetched(body: bytes, content_type: str) -> FetchResult:
    return FetchResult(url=FETCHED_FROM, final_url=FETCHED_FROM, outcome="ok", body=body, content_type=content_type)


# --- the specs' examples ---------------------------------------------------------------------

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), "Examples": the simple feed.
SIMPLE = {
    "version": V11,
    "title": "My Example Feed",
    "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json",
    "items": [
        {"id": "2", "content_text": "This is a second item.", "url": "https://example.org/second-item"},
        {"id": "1", "content_html": "<p>Hello, world!</p>", "url": "https://example.org/initial-post"},
    ],
}

# JSON Feed 1.1, "Examples": the microblog feed (1.1 `authors` at feed level).
MICROBLOG = {
    "version": V11,
    "user_comment": "This is a microblog feed. You can add this to your feed reader using the following URL: https://example.org/feed.json",
    "title": "Brent Simmons’s Microblog",
    "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json",
    "authors": [{"name": "Brent Simmons", "url": "http://example.org/", "avatar": "https://example.org/avatar.png"}],
    "items": [
        {
            "id": "2347259",
            "url": "https://example.org/2347259",
            "content_text": "Cats are neat. \n\nhttps://example.org/cats",
            "date_published": "2016-02-09T14:22:00-07:00",
        }
    ],
}

# JSON Feed 1.1, "Examples": the podcast feed, with an attachment.
PODCAST = {
    "version": V11,
    "user_comment": "This is a podcast feed. You can add this feed to your podcast client using the following URL: http://therecord.co/feed.json",
    "title": "The Record",
    "home_page_url": "http://therecord.co/",
    "feed_url": "http://therecord.co/feed.json",
    "items": [
        {
            "id": "http://therecord.co/chris-parrish",
            "title": "Special #1 - Chris Parrish",
            "url": "http://therecord.co/chris-parrish",
            "content_text": "Chris has worked at Adobe and as a founder of Rogue Sheep, which won an Apple Design Award for Postage. Chris’s new company is Aged & Distilled with Guy English — which shipped Napkin, a Mac app for visual collaboration. Chris is also the co-host of The Record. He lives on Bainbridge Island, a quick ferry ride from Seattle.",
            "content_html": 'Chris has worked at <a href="http://adobe.com/">Adobe</a> and as a founder of Rogue Sheep, which won an Apple Design Award for Postage. Chris’s new company is Aged & Distilled with Guy English — which shipped <a href="http://aged-and-distilled.com/napkin/">Napkin</a>, a Mac app for visual collaboration. Chris is also the co-host of The Record. He lives on <a href="http://www.ci.bainbridge-isl.wa.us/">Bainbridge Island</a>, a quick ferry ride from Seattle.',
            "summary": "Brent interviews Chris Parrish, co-host of The Record and one-half of Aged & Distilled.",
            "date_published": "2014-05-09T14:04:00-07:00",
            "attachments": [
                {
                    "url": "http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a",
                    "mime_type": "audio/x-m4a",
                    "size_in_bytes": 89970236,
                    "duration_in_seconds": 6629,
                }
            ],
        }
    ],
}


def as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """The same example as JSON Feed 1 (https://www.jsonfeed.org/version/1/) writes it: the
    version URL without ".1" and one `author` object instead of the `authors` array."""
    older = {**document, "version": V1}
    if "authors" in older:
        older["author"] = older.pop("authors")[0]
    return older


@pytest.mark.parametrize("version", [lambda d: d, as_version_1], ids=["1.1", "1.0"])
def test_the_simple_example(version: Any) -> None:
    page = parsed(version(SIMPLE))
    assert page.kind == "feed" and page.title == "My Example Feed" and page.link == "https://example.org/"
    second, first = page.entries
    assert (second.guid, second.link, second.content) == (
        "2",
        "https://example.org/second-item",
        "This is a second item.",
    )
    assert (first.guid, first.link, first.content) == ("1", "https://example.org/initial-post", "<p>Hello, world!</p>")
    assert second.title is None and second.published is None


@pytest.mark.parametrize("version", [lambda d: d, as_version_1], ids=["1.1", "1.0"])
def test_the_microblog_example_dates_and_the_feeds_author(version: Any) -> None:
    [entry] = parsed(version(MICROBLOG)).entries
    assert entry.published == datetime(2016, 2, 9, 21, 22, tzinfo=UTC)
    assert entry.published_text == "2016-02-09T14:22:00-07:00"
    assert entry.author == "Brent Simmons"  # no author of its own: the feed's
    [item] = to_items(parsed(version(MICROBLOG)), SOURCE, excerpt_length=300, now=NOW)
    assert item.title.startswith("Cats are neat.")  # untitled: the opening words stand in
    assert item.published == entry.published and item.author == "Brent Simmons"


@pytest.mark.parametrize("version", [lambda d: d, as_version_1], ids=["1.1", "1.0"])
def test_the_podcast_example_summary_body_and_attachment(version: Any) -> None:
    [entry] = parsed(version(PODCAST)).entries
    assert entry.title == "Special #1 - Chris Parrish"
    assert entry.summary.startswith("Brent interviews Chris Parrish")
    assert entry.content.startswith('Chris has worked at <a href="http://adobe.com/">')  # the HTML body
    assert entry.guid == entry.link == "http://therecord.co/chris-parrish"
    feed_read = read_json_feed(json.dumps(version(PODCAST)), FETCHED_FROM)
    assert isinstance(feed_read, JsonFeed)
    assert feed_read.items[0].attachments == (
        Attachment(
            url="http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a",
            mime_type="audio/x-m4a",
            size_in_bytes=89970236,
            duration_in_seconds=6629.0,
        ),
    )


def test_feedparsers_json_test_file() -> None:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip(SKIP_REASON)
    path = corpus / "json" / "example.json"
    text = path.read_text(encoding="utf-8")
    expect = json.loads(text)["__TEST__"]
    # "Expect: not bozo and feed.title == 'My Example Feed' and len(entries) == 2"
    title = re.search(r"feed\.title == '([^']*)'", expect)
    count = re.search(r"len\(entries\) == (\d+)", expect)
    assert title and count
    page = parse_document(fetched(path.read_bytes(), "application/feed+json"), SOURCE)
    assert page.kind == "feed" and page.title == title.group(1) and len(page.entries) == int(count.group(1))
    read = read_json_feed(text, FETCHED_FROM)
    assert isinstance(read, JsonFeed)
    assert read.items[0].tags == ("test", "JSON")
    assert read.items[0].attachments[0].mime_type == "video/mp4"
    assert [entry.author for entry in page.entries] == ["me", "you"]  # the feed's, then the item's own


# --- routing: every way a JSON Feed arrives --------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/feed+json", "application/json; charset=utf-8", "text/plain", ""])
@pytest.mark.parametrize("source_type", ["auto", "feed"])
def test_a_json_feed_is_read_whatever_it_is_served_as(content_type: str, source_type: str) -> None:
    source = SourceConfig("p", "P", FETCHED_FROM, source_type)  # type: ignore[arg-type]
    page = parse_document(fetched(json.dumps(SIMPLE).encode(), content_type), source)
    assert page.kind == "feed" and len(page.entries) == 2


def test_a_byte_order_mark_and_a_version_written_last() -> None:
    # The version after 5 KB of items: key order is the serializer's, not the spec's.
    items = [{"id": str(n), "url": f"/p/{n}", "content_text": "x" * 100} for n in range(50)]
    body = '\ufeff  {"items": ' + json.dumps(items) + f', "version": "{V1}"}}'
    page = parse_document(fetched(body.encode("utf-8"), "application/json"), SOURCE)
    assert page.kind == "feed" and len(page.entries) == 50
    assert page.entries[0].link == "https://partner.test/p/0"


def test_a_page_with_a_json_blob_printed_before_its_html_stays_a_page() -> None:
    page_text = '{"debug": true}\n<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>'
    page = parse_document(fetched(page_text.encode(), "text/html; charset=utf-8"), SourceConfig("p", "P", "x", "auto"))
    assert page.kind == "discovered" and page.feed_url == "https://partner.test/rss"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("[1, 2]", "top level is an array"),
        ('{"data": {"posts": []}}', "no JSON Feed version and no items"),
        ('{"version": "https://jsonfeed.org/version/1", "items": [', "could not be parsed"),
        ("[" * 100_000 + "]" * 100_000, "could not be parsed"),  # deeper than Python's stack
    ],
)
def test_json_that_is_no_json_feed_says_why(body: str, reason: str) -> None:
    page = parse_document(fetched(body.encode(), "application/json"), SOURCE)
    assert page.kind == "unusable" and reason in (page.error or "")


# --- what the spec leaves to us ----------------------------------------------------------------


def test_relative_addresses_resolve_against_the_home_page_then_the_feed_then_the_fetch() -> None:
    item = {"id": "1", "url": "posts/1", "external_url": "/elsewhere", "attachments": [{"url": "a.mp3"}]}
    on_home = read_json_feed(json.dumps(feed(item, home_page_url="/blog/", feed_url="/x/feed.json")), FETCHED_FROM)
    assert isinstance(on_home, JsonFeed)
    assert on_home.link == "https://partner.test/blog/"
    assert on_home.items[0].entry.link == "https://partner.test/blog/posts/1"
    assert on_home.items[0].external_url == "https://partner.test/elsewhere"
    assert on_home.items[0].attachments[0].url == "https://partner.test/blog/a.mp3"
    assert parsed(feed(item, feed_url="https://cdn.partner.test/f/feed.json")).entries[0].link == (
        "https://cdn.partner.test/f/posts/1"
    )
    assert parsed(feed(item)).entries[0].link == "https://partner.test/feeds/posts/1"


def test_the_link_is_url_then_a_permalink_id_then_external_url() -> None:
    page = parsed(
        feed(
            {"id": "a", "url": "https://partner.test/a", "external_url": "https://news.test/story"},
            {"id": "https://partner.test/b", "external_url": "https://news.test/story"},
            {"id": "c", "external_url": "https://news.test/story"},
            {"id": "d", "title": "no address at all"},
        )
    )
    assert [entry.link for entry in page.entries] == [
        "https://partner.test/a",
        "https://partner.test/b",
        "https://news.test/story",
        None,
    ]
    assert len(to_items(page, SOURCE, excerpt_length=300, now=NOW)) == 3  # the last has nowhere to link


def test_summary_is_the_summary_and_the_body_is_html_before_text() -> None:
    both, text_only = parsed(
        feed(
            {"id": "1", "url": "/1", "summary": "Short.", "content_text": "Long text.", "content_html": "<p>Long</p>"},
            {"id": "2", "url": "/2", "content_text": "Only text."},
        )
    ).entries
    assert (both.summary, both.content) == ("Short.", "<p>Long</p>")
    assert (text_only.summary, text_only.content) == (None, "Only text.")


def test_authors_item_then_feed_both_versions() -> None:
    page = parsed(
        feed(
            {"id": "1", "url": "/1", "authors": [{"name": "Aigerim"}, {"name": "Bakyt"}, {"url": "https://x.test/"}]},
            {"id": "2", "url": "/2", "author": {"name": "Dilnoza"}},
            {"id": "3", "url": "/3", "authors": [], "author": "Erlan"},
            {"id": "4", "url": "/4"},
            authors=[{"name": "Partner desk"}],
        )
    )
    assert [entry.author for entry in page.entries] == ["Aigerim, Bakyt", "Dilnoza", "Erlan", "Partner desk"]


def test_languages_feed_and_item() -> None:
    page = parsed(
        feed({"id": "1", "url": "/1", "language": "ky"}, {"id": "2", "url": "/2", "language": "ru-RU"}, language="ru")
    )
    assert page.language == "ru"
    # As on the XML paths: an item's language is kept only when it says more than the feed's.
    assert [entry.language for entry in page.entries] == ["ky", None]


def test_dates_modified_and_invalid() -> None:
    first, second, third = parsed(
        feed(
            {
                "id": "1",
                "url": "/1",
                "date_published": "2026-04-30T10:00:00Z",
                "date_modified": "2026-04-30T12:30:00+06:00",
            },
            {"id": "2", "url": "/2", "date_published": "Thu, 30 Apr 2026 10:00:00 +0600"},
            {"id": "3", "url": "/3", "date_published": "yesterday-ish", "date_modified": 1e400},
        )
    ).entries
    assert first.published == datetime(2026, 4, 30, 10, tzinfo=UTC)
    assert first.updated == datetime(2026, 4, 30, 6, 30, tzinfo=UTC)
    # Not RFC 3339: no date here, the text kept for the cleaning stage, which reads RFC 822 too.
    assert second.published is None and second.published_text == "Thu, 30 Apr 2026 10:00:00 +0600"
    item = to_item(second, SOURCE, page_language=None, excerpt_length=300, now=NOW)
    assert item is not None and item.published == datetime(2026, 4, 30, 4, tzinfo=UTC)
    assert (third.published, third.updated, third.published_text) == (None, None, "yesterday-ish")


def test_a_title_is_plain_text_and_kept_as_written() -> None:
    [entry] = parsed(feed({"id": "1", "url": "/1", "title": "Why x<y and y>z & more"})).entries
    assert entry.title == "Why x<y and y>z & more"


def test_a_plain_text_title_survives_cleaning() -> None:
    [entry] = parsed(feed({"id": "1", "url": "/1", "title": "Why <b>this</b> x<y and y>z"})).entries
    item = to_item(entry, SOURCE, page_language=None, excerpt_length=300, now=NOW)
    assert item is not None and item.title == "Why <b>this</b> x<y and y>z"


# --- the mess --------------------------------------------------------------------------------


def test_ids_as_numbers_and_odd_values() -> None:
    body = (
        '{"version": "https://jsonfeed.org/version/1", "items": ['
        '{"id": 42, "url": "/a"}, {"id": 1.0e3, "url": "/b"}, {"id": 2.5, "url": "/c"}, {"id": true, "url": "/d"},'
        '{"id": ' + "9" * 5000 + ', "url": "/e"}, {"id": NaN, "url": "/f"}, {"id": null, "url": "/g"},'
        '{"id": {"x": 1}, "url": "/h"}, {"id": "  ", "url": "/i"}]}'
    )
    page = parse_json_feed(body, FETCHED_FROM)
    assert page.kind == "feed"
    assert [entry.guid for entry in page.entries] == ["42", "1000", "2.5", None, None, None, None, None, None]


@pytest.mark.parametrize(
    ("items", "count"),
    [
        (None, 0),
        ("items", 0),
        (7, 0),
        ({"0": {"id": "a", "url": "/a"}, "2": {"id": "b", "url": "/b"}}, 2),  # PHP's filtered array
        ({"id": "a", "url": "/a"}, 1),  # one item, unwrapped
        ([{"id": "a", "url": "/a"}, "b", 3, None, [], {"url": "/c"}], 2),
    ],
)
def test_items_in_any_shape(items: object, count: int) -> None:
    page = parsed({"version": V1, "items": items})
    assert page.kind == "feed" and len(page.entries) == count


def test_strings_where_objects_belong_and_nulls_everywhere() -> None:
    page = parsed(
        {
            "version": None,
            "title": {"text": "x"},
            "home_page_url": 5,
            "language": ["ru"],
            "author": "Partner desk",
            "items": [
                {
                    "id": "1",
                    "url": None,
                    "title": None,
                    "summary": ["x"],
                    "content_html": {},
                    "tags": "news",
                    "attachments": "https://x.test/a.mp3",
                    "authors": {"name": "Aida"},
                    "date_published": None,
                },
                {
                    "id": "2",
                    "url": ["https://x.test/2"],
                    "author": None,
                    "tags": [None, 3, " civic "],
                    "attachments": [
                        None,
                        {"url": 5},
                        {"url": "/f.pdf", "size_in_bytes": -1, "duration_in_seconds": "9"},
                    ],
                },
            ],
        }
    )
    assert page.kind == "feed" and page.title is None and page.link is None and page.language is None
    first, second = page.entries
    assert (first.link, first.title, first.summary, first.content, first.author) == (None, None, None, None, "Aida")
    assert (second.link, second.author) == (None, "Partner desk")
    read = read_json_feed(json.dumps({"items": [{"tags": "news"}, {"tags": [None, 3, " civic ", "civic"]}]}), "")
    assert isinstance(read, JsonFeed) and [item.tags for item in read.items] == [("news",), ("civic",)]
