"""Issue 19: a title loses only what is markup; text that looks like a tag stays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.clean import to_item
from aggregator.extract import title_text
from aggregator.models import RawEntry, Selectors, SourceConfig
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import parse_with_feedparser
from aggregator.parse.html import scrape

NOW = datetime(2026, 12, 7, tzinfo=UTC)
SOURCE = SourceConfig(id="p", name="Partner", url="https://example.org/")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("History of the <blink> tag", "History of the <blink> tag", id="text-tag-kept"),
        pytest.param("Why x<y and y>z", "Why x<y and y>z", id="text-comparison-kept"),
        pytest.param("AT&amp;T <b>", "AT&amp;T <b>", id="text-entity-is-text"),
        pytest.param("  Camp\n report\u200b ", "Camp report", id="whitespace-and-invisible"),
    ],
)  # fmt: skip
def test_a_text_title_is_shown_as_written(raw: str, shown: str) -> None:
    assert title_text(raw, is_text=True) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("Why x<y and y>z", "Why x<y and y>z", id="unknown-element-is-text"),
        pytest.param("Why a<b and b>c", "Why a<b and b>c", id="unclosed-element-is-text"),
        pytest.param("History of the <blink> tag", "History of the <blink> tag", id="lone-open-tag-is-text"),
        pytest.param("<b>bold</b> title", "bold title", id="closed-element-is-markup"),
        pytest.param("The <BLINK>era</blink>", "The era", id="case-insensitive-close"),
        pytest.param("Line<br>break", "Line break", id="void-element-is-markup"),
        pytest.param("<!-- x -->Camp</i> report", "Camp report", id="comment-and-close-tag"),
        pytest.param("<a href='/p'>x<y</a>", "x<y", id="text-inside-markup"),
        pytest.param("Why x&lt;y and y&gt;z", "Why x<y and y>z", id="escaped-text-not-stripped-after-decoding"),
        pytest.param("Rock &amp;#8211; roll", "Rock – roll", id="double-escaped-entity"),
        pytest.param("a < b", "a < b", id="spaced-comparison"),
        pytest.param("x<", "x<", id="trailing-lt"),
    ],
)  # fmt: skip
def test_a_title_that_may_hold_html_loses_only_markup(raw: str, shown: str) -> None:
    assert title_text(raw) == shown


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Partner</title>
<item><title>Why x&lt;y and y&gt;z</title><link>https://example.org/1</link></item>
<item><title>&lt;b&gt;Bold&lt;/b&gt; camp</title><link>https://example.org/2</link></item>
<item><title>History of the &lt;blink&gt; tag</title><link>https://example.org/3</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Partner</title><id>urn:f</id>
<entry><title type="text">History of the &lt;blink&gt; tag</title><id>urn:1</id><link href="https://example.org/1"/></entry>
<entry><title>Why x&lt;y and y&gt;z</title><id>urn:2</id><link href="https://example.org/2"/></entry>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; x&amp;lt;y</title><id>urn:3</id><link href="https://example.org/3"/></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>Bold</b> x&lt;y</div></title><id>urn:4</id><link href="https://example.org/4"/></entry>
</feed>"""
EXPECTED = {
    RSS: ["Why x<y and y>z", "Bold camp", "History of the <blink> tag"],
    ATOM: ["History of the <blink> tag", "Why x<y and y>z", "Bold x<y", "Bold x<y"],
}


def _titles(page) -> list[str]:
    items = [to_item(entry, SOURCE, page_language=None, excerpt_length=100, now=NOW) for entry in page.entries]
    return [item.title for item in items if item is not None]


@pytest.mark.parametrize("document", [RSS, ATOM], ids=["rss", "atom"])
def test_both_feed_parsers_give_the_same_titles(document: str) -> None:
    fast = parse_fast(document.encode(), "https://example.org/")
    assert fast is not None
    assert _titles(fast) == EXPECTED[document]
    assert _titles(parse_with_feedparser(document.encode(), "https://example.org/")) == EXPECTED[document]


def test_a_title_read_off_a_page_is_text() -> None:
    page = scrape(
        '<article><h2><a href="/p">Why x&lt;y and y&gt;z</a></h2></article>',
        "https://example.org/news",
        Selectors(item="article", title="h2"),
    )
    assert _titles(page) == ["Why x<y and y>z"]


def test_the_raw_title_keeps_the_text_too() -> None:
    entry = RawEntry(link="https://example.org/1", title="[English] Why x<y", title_is_text=True)
    item = to_item(entry, SOURCE, page_language=None, excerpt_length=100, now=NOW)
    assert item is not None
    assert (item.title, item.language, item.raw_title) == ("Why x<y", "en", "[English] Why x<y")
