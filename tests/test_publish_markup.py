"""Text a partner sends stays text in every published format: never markup, never a script link.

A partner's excerpt holding the *text* `<img src=x onerror=alert(1)>` (escaped once by the
partner) must reach a subscriber as those characters, not as an image tag. RSS is the format
where this goes wrong: readers (feedparser among them) take <description> and often <title> as
HTML, so our RSS carries every text as escaped HTML. Each file is read back with sanitising off,
as a reader that trusts its feeds would.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from aggregator.models import SiteInfo, SourceConfig, SourceRef, Story
from aggregator.publish.links import safe_url
from tests.test_publish import KIBHR, T0, publish_all, story

IMG = "<img src=x onerror=alert(1)>"
PARTNER = SourceRef("tricky", '<i>Tricky</i> & "Co" ' + IMG, "https://tricky.example.org/?a=1&b=<2>")
LINK = "https://tricky.example.org/news/1 x\"><img src=x onerror=alert(1)>'"
LINK_PUBLISHED = "https://tricky.example.org/news/1%20x%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E%27"
TRICKY = story(
    1,
    "en",
    title="<b>Court</b> ruling &amp; " + IMG,
    summary=IMG + " &lt;p&gt; <script>alert(1)</script> & more",
    author='<a href="javascript:alert(1)">Aida</a> &amp;',
    url=LINK,
    source=PARTNER,
)
PLAIN = story(2, "en", title="Tom & Jerry", summary="a < b", author="Smith & Jones", source=PARTNER)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    site = SiteInfo(
        title="News",
        link="https://news.example.se/agg/",
        generated_at=T0,
        sources=(
            SourceConfig(PARTNER.id, PARTNER.name, PARTNER.url),
            SourceConfig(KIBHR.id, KIBHR.name, KIBHR.url),
        ),
    )
    publish_all(tmp_path, site, [TRICKY, PLAIN], [])
    return tmp_path


def as_text(value: str, is_html: bool) -> str:
    """What a reader shows for `value`: itself when plain text; when HTML, its text, after
    making sure it holds no element at all (everything in it was text at the partner)."""
    if not is_html:
        return value
    fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    assert len(fragment) == 0, f"markup in {value!r}: {[e.tag for e in fragment]}"
    return fragment.text_content()


def detail_text(detail: feedparser.FeedParserDict) -> str:
    return as_text(detail.value, detail.type == "text/html")


@pytest.mark.parametrize("name", ["feed.atom", "feed.rss", "partners/tricky/feed.atom", "partners/tricky/feed.rss"])
def test_feeds_give_back_the_partners_text(out: Path, name: str) -> None:
    feed = feedparser.parse((out / name).read_bytes(), sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    rss = feed.version.startswith("rss")
    assert [detail_text(e.title_detail) for e in feed.entries] == [TRICKY.title, PLAIN.title]
    assert [detail_text(e.summary_detail) for e in feed.entries] == [TRICKY.summary, PLAIN.summary]
    # feedparser gives authors no type; ours are HTML in RSS (dc:creator), text in Atom.
    assert [as_text(e.author, rss) for e in feed.entries] == [TRICKY.author, PLAIN.author]
    assert [as_text(e.source.title, rss) for e in feed.entries] == [PARTNER.name, PARTNER.name]
    assert [e.link for e in feed.entries] == [LINK_PUBLISHED, PLAIN.url]
    assert detail_text(feed.feed.title_detail) in ("News", f"News: {PARTNER.name}")


def test_rss_never_carries_partner_text_as_markup(out: Path) -> None:
    channel = etree.parse(str(out / "feed.rss")).getroot().find("channel")
    item = channel.find("item")
    for tag in ("title", "description", "{http://purl.org/dc/elements/1.1/}creator", "source"):
        as_html = item.findtext(tag)  # the XML text: what a reader hands its HTML renderer
        assert "<" not in as_html and ">" not in as_html, (tag, as_html)
    assert item.findtext("link") == LINK_PUBLISHED


def test_atom_says_its_text_is_text(out: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    entry = etree.parse(str(out / "feed.atom")).getroot().find(f"{atom}entry")
    assert entry.find(f"{atom}title").get("type", "text") == "text"
    assert entry.find(f"{atom}summary").get("type") == "text"
    assert entry.findtext(f"{atom}summary") == TRICKY.summary
    assert entry.findtext(f"{atom}author/{atom}name") == TRICKY.author


def test_json_feed_holds_text_only(out: Path) -> None:
    first = json.loads((out / "feed.json").read_text("utf-8"))["items"][0]
    assert "content_html" not in first
    assert (first["title"], first["content_text"], first["authors"]) == (
        TRICKY.title,
        TRICKY.summary,
        [{"name": TRICKY.author}],
    )
    assert first["url"] == LINK_PUBLISHED
    assert first["_source"]["url"] == safe_url(PARTNER.url) == "https://tricky.example.org/?a=1&b=%3C2%3E"


def test_opml_attributes_hold_the_names_as_text(out: Path) -> None:
    body = etree.parse(str(out / "sources.opml")).getroot().find("body")
    partner = body.find("outline").find("outline")
    assert partner.get("text") == partner.get("title") == PARTNER.name
    assert partner.get("htmlUrl") == "https://tricky.example.org/?a=1&b=%3C2%3E"


@pytest.mark.parametrize("name", ["index.html", "partners/tricky/index.html"])
def test_pages_show_the_text_and_no_markup_from_it(out: Path, name: str) -> None:
    page = lxml.html.fromstring((out / name).read_bytes())
    assert page.xpath("//img | //b | //i | //*[@onerror]") == []
    assert len(page.xpath("//script")) == (1 if name == "index.html" else 0)  # our filter only
    assert not [href for href in page.xpath("//a/@href") if "javascript:" in href or " " in href]
    text = page.text_content()
    assert TRICKY.title in text and PARTNER.name in text and TRICKY.author in text
    assert LINK_PUBLISHED in page.xpath("//a/@href")


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://example.org/a?x=1&y=2", "https://example.org/a?x=1&y=2"),
        ("HTTP://example.org/%20ok", "HTTP://example.org/%20ok"),  # already encoded: left alone
        ("  https://example.org/a b\n", "https://example.org/a%20b"),
        ("https://example.org/\"'<>`{}|\\^", "https://example.org/%22%27%3C%3E%60%7B%7D%7C%5C%5E"),
        ("https://kg.example/жаңылыктар", "https://kg.example/жаңылыктар"),  # an IRI stays readable
        ("https://example.org/\u202egnp\u00a0.exe", "https://example.org/%E2%80%AEgnp%C2%A0.exe"),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/relative", None),
        ("/news/1", None),
        ("http:example.org", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, published: str | None) -> None:
    assert safe_url(url) == published


def test_a_story_without_a_web_address_links_to_its_partner(tmp_path: Path) -> None:
    site = SiteInfo(
        "News", "https://news.example.se/agg/", T0, sources=(SourceConfig(KIBHR.id, KIBHR.name, KIBHR.url),)
    )
    bad = Story(**{**vars(story(1, "en")), "url": "javascript:alert(1)", "source": KIBHR})
    publish_all(tmp_path, site, [bad], [])
    for name in ("feed.atom", "feed.rss"):
        assert feedparser.parse((tmp_path / name).read_bytes()).entries[0].link == KIBHR.url
    assert "url" not in json.loads((tmp_path / "feed.json").read_text("utf-8"))["items"][0]
