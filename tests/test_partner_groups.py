"""`partner:` groups one organisation's sources into one partner on the staff and public pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from aggregator.config import ConfigError, load_config
from aggregator.models import SiteInfo, SourceConfig, SourceStatus, Visibility
from aggregator.publish import publish
from aggregator.publish.staff import partner_groups, partner_view, quiet_partners
from tests.configs import make_config

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent.parent / "fixtures"

FEED = SourceConfig(
    "cag", "Centralasiengrupperna", "https://cag.example.se/feed", "feed", partner="Centralasiengrupperna"
)
BLOG = SourceConfig(
    "cag-blog",
    "Centralasiengrupperna (blog page)",
    "https://cag.example.se/blogg",
    "html",
    partner="Centralasiengrupperna",
)
ALONE = SourceConfig("crd", "Civil Rights Defenders", "https://crd.example.org/feed", "feed")
WATCH = SourceConfig(
    "cag-watch",
    "CAG (monitor)",
    "https://cag.example.se/intern",
    "feed",
    publish=False,
    partner="Centralasiengrupperna",
)


def last_post(source: SourceConfig, days_ago: int) -> SourceStatus:
    return SourceStatus(
        id=source.id,
        name=source.name,
        url=source.url,
        fetch_url=None,
        last_fetch_at=NOW - timedelta(minutes=5),
        outcome="ok",
        error_message=None,
        http_status=200,
        consecutive_failures=0,
        last_success_at=NOW - timedelta(minutes=5),
        next_check_at=NOW + timedelta(minutes=25),
        items_total=10,
        newest_item_at=NOW - timedelta(days=days_ago),
        posts_per_month=(1,) * 12,
    )


def site(*sources: SourceConfig) -> SiteInfo:
    return SiteInfo("News", "https://news.example.se/", NOW, sources, quiet_days=30)


def grouped(*pairs: tuple[SourceConfig, int]) -> list:
    sources = tuple(source for source, _ in pairs)
    return partner_groups([partner_view(site(*sources), s, last_post(s, days), None) for s, days in pairs])


def test_the_config_reads_partner_as_one_line_of_text(tmp_path: Path) -> None:
    config = make_config(tmp_path, [{"id": "a", "url": "https://a.org/", "partner": "  Bir   Duino "}])
    assert config.sources[0].partner == "Bir Duino"
    for bad, words in (("", "1 to 200"), ("two\nlines", "one line"), (["x"], "must be text"), ("x" * 201, "1 to 200")):
        with pytest.raises(ConfigError, match=rf"sources\[0\]\.partner: .*{words}"):
            make_config(tmp_path, [{"id": "a", "url": "https://a.org/", "partner": bad}])


def test_the_demo_groups_the_feed_and_the_blog_page() -> None:
    config = load_config(FIXTURES / "demo-sources.yaml")
    assert config.source("cag").partner == config.source("cag-blog").partner == "Centralasiengrupperna"


def test_a_partner_is_quiet_only_when_all_its_sources_are() -> None:
    one_quiet = grouped((FEED, 2), (BLOG, 400), (ALONE, 45))
    assert [group.name for group in one_quiet] == ["Centralasiengrupperna", "Civil Rights Defenders"]
    assert [p.problems for p in one_quiet[0].members] == [[], []]  # the blog page's silence is no news
    assert [(q.name, q.days, q.sources) for q in quiet_partners(one_quiet)] == [("Civil Rights Defenders", 45, 1)]

    all_quiet = grouped((FEED, 90), (BLOG, 400))
    assert [(q.name, q.days, q.sources) for q in quiet_partners(all_quiet)] == [("Centralasiengrupperna", 90, 2)]


def test_a_paused_source_does_not_keep_its_partner_from_being_quiet() -> None:
    groups = grouped((FEED, 90), (replace(BLOG, enabled=False), 1))
    assert [(q.name, q.days) for q in quiet_partners(groups)] == [("Centralasiengrupperna", 90)]


def test_failing_partners_come_first_with_all_their_sources() -> None:
    sources = (ALONE, FEED, BLOG)
    views = [partner_view(site(*sources), s, last_post(s, 1), None) for s in sources]
    views[2] = partner_view(
        site(*sources), BLOG, replace(last_post(BLOG, 1), consecutive_failures=2, outcome="timeout"), None
    )
    assert [[p.source.id for p in g.members] for g in partner_groups(views)] == [["cag", "cag-blog"], ["crd"]]


def publish_pages(tmp_path: Path) -> tuple[Path, Path]:
    sources = (FEED, ALONE, BLOG, WATCH)
    public, staff = tmp_path / "public", tmp_path / "public-staff"
    statuses = [last_post(FEED, 2), last_post(ALONE, 3), last_post(BLOG, 400), last_post(WATCH, 1)]
    publish(public, staff, site(*sources), Visibility(public=(), hidden=()), statuses)
    return public, staff


def test_the_public_page_lists_the_partner_once_with_its_public_sources(tmp_path: Path) -> None:
    public, _ = publish_pages(tmp_path)
    page = lxml.html.fromstring((public / "index.html").read_bytes())
    items = page.xpath("//ul[@class='partner-list']/li")
    assert [" ".join(li.text_content().split()) for li in items] == [
        "Centralasiengrupperna Centralasiengrupperna · their site Centralasiengrupperna (blog page) · their site",
        "Civil Rights Defenders · their site",
    ]
    assert items[0].xpath(".//a/@href")[::2] == ["partners/cag/index.html", "partners/cag-blog/index.html"]
    assert "cag-watch" not in (public / "index.html").read_text("utf-8")  # monitor only: never public
    assert items[0].xpath(".//a/@href")[1] == "https://cag.example.se/"  # the site, not the feed
    blog_page = (public / "partners/cag-blog/index.html").read_text("utf-8")
    assert (
        "One of Centralasiengrupperna's sources" in lxml.html.fromstring(blog_page).text_content()
        and 'href="../../partners/cag/index.html"' in blog_page
    )


def test_the_staff_page_shows_one_partner_with_its_sources(tmp_path: Path) -> None:
    _, staff = publish_pages(tmp_path)
    page = lxml.html.fromstring((staff / "index.html").read_bytes())
    (group,) = page.xpath("//section[@class='partner-group']")
    assert group.xpath("h3")[0].text.strip() == "Centralasiengrupperna"
    assert [card.get("id") for card in group.xpath("article")] == [
        "partner-cag",
        "partner-cag-blog",
        "partner-cag-watch",
    ]
    text = " ".join(page.text_content().split())
    assert "2 partners (4 sources)" in text
    assert "none quiet" in text  # the blog page is silent, the feed is not: the partner is not quiet
