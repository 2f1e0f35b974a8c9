"""Each fixture feed or page against its typed expectations (fixtures/expected/*.json), read
both from disk and over loopback HTTP through the fetcher."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from aggregator.clean import to_items
from aggregator.dedup import clean_url
from aggregator.demo import FIXTURES, PartnerWeb
from aggregator.fetch import Fetcher, detect_encoding
from aggregator.models import FetchResult, FetchSettings, Item, Selectors, SourceConfig
from aggregator.parse import parse_document
from tests.conftest import expected_published

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CASES = {
    # expected file: (path in fixtures/web, source as configured)
    "cag-feed": ("cag/feed.xml", SourceConfig("cag", "CAG", "x", "feed", ("sv", "en"))),
    "cag-blog": ("cag/blogg.html", SourceConfig("cag-blog", "CAG", "x", "html", ("sv", "en"), select=Selectors(
        item="article.post", title="h2.entry-title", link="h2.entry-title a", excerpt=".entry-summary", date="time",
        author=".byline"))),
    "novi-ritm-feed": ("novi-ritm/feed.xml", SourceConfig("novi-ritm", "Novi Ritm", "x", "auto", ("ru", "ky", "en"))),
    "novi-ritm-koi8": ("novi-ritm/feed-koi8.xml", SourceConfig("novi-ritm", "Novi Ritm", "x", "auto", ("ru", "ky", "en"))),
    "bir-duino-atom": ("bir-duino/atom.xml", SourceConfig("bir-duino", "Bir Duino", "x", "auto", ("en", "ru", "ky"))),
    "kobiety": ("kobiety/aktualnosci.html", SourceConfig("kobiety", "KobieTY", "x", "html", ("pl",), select=Selectors(
        item="div.news-item", title="h3.news-title", link="h3.news-title a", excerpt="p.news-lead", date="span.news-date",
        author="span.news-author"))),
}  # fmt: skip


def check(items: list[Item], expected: list[dict[str, Any]], base: str, web: PartnerWeb | None = None) -> None:
    assert len(items) == len(expected)
    for item, want in zip(items, expected, strict=True):
        assert item.url == clean_url(want["link"].replace("http://partner.test", base))
        assert item.title == want["title"]
        assert item.language == want["language"], item.title
        assert item.author == want["author"], item.title
        assert item.published is not None, item.title
        # Served by the fixture web, dates are moved close to today (demo_dates.py).
        published = expected_published(want, web) if web else _as_written(want["published"])
        if not isinstance(published, datetime):
            assert item.published.date() == published
        else:
            assert item.published == published
        assert item.summary and "<" not in item.summary and len(item.summary) <= 300


def _as_written(text: str) -> date | datetime:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def expected(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_fixture_from_disk(name: str) -> None:
    path, source = CASES[name]
    base = "http://partner.test"
    body = (FIXTURES / "web" / path).read_bytes()
    result = FetchResult(
        url=f"{base}/{path}", final_url=f"{base}/{path}", outcome="ok", body=body, encoding=detect_encoding(body)
    )
    page = parse_document(result, source)
    check(to_items(page, source, excerpt_length=300, now=NOW), expected(name), base)


@pytest.mark.parametrize("name", CASES)
def test_fixture_over_http(name: str, partner_web: PartnerWeb) -> None:
    path, source = CASES[name]

    async def fetch() -> FetchResult:
        async with Fetcher(FetchSettings(user_agent="test", allow_private_networks=True)) as fetcher:
            return await fetcher.fetch(partner_web.url(path))

    result = asyncio.run(fetch())
    assert result.outcome == "ok", result.error_message
    page = parse_document(result, source)
    items = to_items(page, source, excerpt_length=300, now=datetime.now(UTC))
    check(items, expected(name), partner_web.base_url, partner_web)


def test_home_page_points_at_its_feed() -> None:
    body = (FIXTURES / "web" / "novi-ritm" / "index.html").read_bytes()
    result = FetchResult(url="http://partner.test/novi-ritm/index.html", outcome="ok", body=body, encoding="utf-8")
    page = parse_document(result, CASES["novi-ritm-feed"][1])
    assert page.kind == "discovered"
    assert page.feed_url == "http://partner.test/novi-ritm/feed.xml"


def test_html_served_to_a_feed_source_is_unusable() -> None:
    body = (FIXTURES / "web" / "kobiety" / "aktualnosci.html").read_bytes()
    result = FetchResult(
        url="http://partner.test/k", outcome="ok", body=body, encoding="utf-8", content_type="application/rss+xml"
    )
    page = parse_document(result, SourceConfig("k", "K", "x", "feed"))
    assert page.kind == "unusable" and "HTML page" in (page.error or "")
