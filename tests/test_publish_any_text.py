"""No text a partner sends can make publishing fail, and every file published still parses.

Stories stored before clean.py stripped what XML cannot carry still hold control characters,
lone surrogates, U+FFFE...; publishing must cope by itself. Hypothesis puts arbitrary Unicode
into every text field of stories, partners, statuses and the site, publishes, and reads every
file back the way a subscriber or browser would.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import lxml.html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from aggregator.models import Selectors, SiteInfo, SourceConfig, SourceRef, SourceStatus, Story
from aggregator.publish.xml_safe import xml_safe
from tests.test_publish import BIR, KIBHR, T0, publish_all, story

NASTY = "\x00\x01\x08\x0b\x0c\x1f\x7f\x85\ud800\udfff\ufffe\uffff\u202e\u202d\u200f\u2028\U0001fffe&<>\"']\r\t\n "
MARKUP = [
    "<img src=x onerror=alert(1)>",
    "Hello &#1; world",
    "]]>",
    "&amp;&lt;",
    "javascript:alert(1)",
    "http://[::1",
    " https://example.org/a b<c>\"d'",
    "",
]
char = st.one_of(
    st.characters(exclude_categories=()),  # control characters included
    st.characters(categories=["Cs"]),  # lone surrogates: st.characters leaves them out otherwise
    st.sampled_from(NASTY),
)
# Very long strings up to 100 KB: a short piece repeated, so generating them stays cheap.
long_text = st.builds(
    lambda piece, times: piece * times, st.text(char, min_size=1, max_size=10), st.integers(1, 10_000)
)
text = st.one_of(st.text(char, max_size=40), st.sampled_from(MARKUP), long_text)
maybe_text = st.one_of(st.none(), text)
partner_ref = st.builds(SourceRef, id=st.sampled_from([BIR.id, KIBHR.id]), name=text, url=text)
stories = st.lists(
    st.builds(
        lambda n, **fields: story(n, **fields),
        st.integers(1, 50),
        language=maybe_text,
        title=text,
        summary=text,
        url=text,
        author=maybe_text,
        source=partner_ref,
        also_published_by=st.lists(partner_ref, max_size=2).map(tuple),
        date_is_first_seen=st.booleans(),
        group_id=text,
    ),
    min_size=1,
    max_size=3,
)
statuses = st.builds(
    SourceStatus,
    id=st.just(KIBHR.id),
    name=text,
    url=text,
    fetch_url=maybe_text,
    last_fetch_at=st.just(T0),
    outcome=maybe_text,
    error_message=maybe_text,
    http_status=st.none(),
    consecutive_failures=st.integers(0, 2),
    last_success_at=st.none(),
    next_check_at=st.none(),
    items_total=st.just(1),
    newest_item_at=st.just(T0),
    moved_to=maybe_text,
)
HELLO = story(1, "en", title="Hello \x01 world", author="A\ud800", summary="\ufffe")


def site(partner_name: str, partner_url: str, title: str) -> SiteInfo:
    return SiteInfo(
        title=title,
        link="https://news.example.se/agg/",
        generated_at=T0,
        sources=(
            SourceConfig(BIR.id, partner_name, partner_url, type="feed"),
            SourceConfig(KIBHR.id, KIBHR.name, KIBHR.url, type="auto"),
        ),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(chosen=stories, status=statuses, partner_name=text, partner_url=text, site_title=text)
@example(chosen=[HELLO], status=None, partner_name="Bir \x01", partner_url="\udfff", site_title="\x0b")
# Found by CI: a code of the right shape but 258 characters long made a directory name too long.
@example(chosen=[replace(HELLO, language="aaa-00" * 43)], status=None, partner_name="", partner_url="", site_title="")
def test_any_text_publishes_and_every_file_parses(
    chosen: list[Story], status: SourceStatus | None, partner_name: str, partner_url: str, site_title: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "public"  # the staff pages go beside it, into public-staff
        publish_all(out, site(partner_name, partner_url, site_title), chosen, [status] if status else [])
        published = [path for path in Path(folder).rglob("*") if path.is_file() and not path.name.startswith(".")]
        assert {"feed.atom", "feed.rss", "feed.json", "sources.opml", "index.html"} <= {p.name for p in published}
        assert (Path(folder) / "public-staff" / "index.html").is_file()
        for path in published:
            assert_parses(path)


def test_the_reported_title_publishes(tmp_path: Path) -> None:
    """Issue 18: an RSS item <title>Hello &#1; world</title>, stored as it came."""
    publish_all(tmp_path, site(BIR.name, BIR.url, "News"), [replace(HELLO, summary="ok")], [])
    assert feedparser.parse((tmp_path / "feed.rss").read_bytes()).entries[0].title == "Hello  world"


def assert_parses(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix in (".atom", ".rss", ".opml"):
        etree.fromstring(data)
        result = feedparser.parse(data)
        assert not result.bozo, f"{path.name}: {result.get('bozo_exception')!r}"
    elif path.suffix == ".json":
        json.loads(data.decode("utf-8"))
    elif path.suffix == ".html":
        page = data.decode("utf-8")  # strict: a lone surrogate cannot have been written
        HTMLParser().feed(page)
        assert lxml.html.document_fromstring(page).find("body") is not None
    else:
        raise AssertionError(f"unexpected file {path}")


def test_xml_safe_reaches_every_nested_string() -> None:
    bad = SourceRef("x", "Name\x01", "https://x.example/\ufffe")
    cleaned = xml_safe(replace(HELLO, source=bad, also_published_by=(bad,), group_id="g\ud800"))
    assert (cleaned.title, cleaned.author, cleaned.summary, cleaned.group_id) == ("Hello  world", "A", "", "g")
    assert cleaned.source == cleaned.also_published_by[0] == SourceRef("x", "Name", "https://x.example/")
    configured = SourceConfig("x", "N\x0b", "https://x.example/", select=Selectors(item="li\x00", title="h2"))
    assert xml_safe(replace(site("a", "b", "c\x1f"), sources=(configured,))) == replace(
        site("a", "b", "c"), sources=(SourceConfig("x", "N", "https://x.example/", select=Selectors("li", "h2")),)
    )
