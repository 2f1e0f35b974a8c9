"""sources.opml: each public source's feed (xmlUrl) and site (htmlUrl), and a round trip through import-opml."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.models import Selectors, SiteInfo, SourceConfig, SourceStatus, Visibility
from aggregator.publish import publish
from aggregator.publish.opml import partner_feed_url, partner_site_url

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
LINK = "https://news.example.se/agg/"


def read_ok(source: SourceConfig, fetch_url: str | None = None, **changes: object) -> SourceStatus:
    """A source fetched and read ten minutes ago, polled at `fetch_url` (None: its own address)."""
    status = SourceStatus(
        id=source.id,
        name=source.name,
        url=source.url,
        fetch_url=fetch_url,
        last_fetch_at=NOW - timedelta(minutes=10),
        outcome="ok",
        error_message=None,
        http_status=200,
        consecutive_failures=0,
        last_success_at=NOW - timedelta(minutes=10),
        next_check_at=NOW + timedelta(minutes=20),
        items_total=3,
        newest_item_at=NOW - timedelta(hours=1),
    )
    return replace(status, **changes)


FEED = SourceConfig("cag", "Centralasiengrupperna", "https://centralasien.example.se/feed/", type="feed")
AUTO_FEED = SourceConfig("gazeta", "Gazeta", "http://www.gazeta.example.uz/rss/")
AUTO_PAGE = SourceConfig("bir-duino", "Bir Duino", "https://birduino.example.kg/en/press/")
HTML = SourceConfig(
    "kobiety", "KobieTY", "https://kobiety.example.pl/aktualnosci", type="html", select=Selectors("div", "h3")
)
MONITOR = SourceConfig("watch", "Zarkhanovka Watch", "https://watch.example.tj/feed.xml", type="feed", publish=False)
DISCOVERED = "https://birduino.example.kg/en/press/feed/"
MOVED = "https://cag.example.se/feed.xml"
PAGE_NAMED = SourceConfig("x", "X", "https://x.example.org/news.html")
ODD_FEED = SourceConfig("odd", "Odd", "https://host.example.org:8443/a/feed?x=1", type="feed")


@pytest.mark.parametrize(
    ("source", "status", "xml_url", "html_url"),
    [
        (FEED, read_ok(FEED), FEED.url, "https://centralasien.example.se/"),
        (FEED, None, FEED.url, "https://centralasien.example.se/"),  # `type: feed` says so before any fetch
        (AUTO_FEED, read_ok(AUTO_FEED), AUTO_FEED.url, "http://www.gazeta.example.uz/"),
        (AUTO_FEED, None, None, AUTO_FEED.url),  # never read: it may be a page
        (AUTO_PAGE, read_ok(AUTO_PAGE, DISCOVERED), DISCOVERED, AUTO_PAGE.url),
        (HTML, read_ok(HTML), None, HTML.url),
        (PAGE_NAMED, read_ok(PAGE_NAMED), None, PAGE_NAMED.url),  # read, but a page by its name
        (replace(AUTO_FEED, select=Selectors("li", "a")), read_ok(AUTO_FEED), None, AUTO_FEED.url),
        (FEED, read_ok(FEED, moved_to=MOVED), MOVED, "https://centralasien.example.se/"),
        (ODD_FEED, None, ODD_FEED.url, "https://host.example.org:8443/"),
    ],
)
def test_feed_and_site_addresses(
    source: SourceConfig, status: SourceStatus | None, xml_url: str | None, html_url: str | None
) -> None:
    assert partner_feed_url(source, status) == xml_url
    assert partner_site_url(source, status) == html_url


def publish_opml(folder: Path, sources: tuple[SourceConfig, ...], statuses: list[SourceStatus]) -> Path:
    site = SiteInfo(title="Solidarity News", link=LINK, generated_at=NOW, sources=sources)
    public = folder / "public"
    publish(public, folder / "public-staff", site, Visibility(public=(), hidden=()), statuses)
    return public / "sources.opml"


def test_every_public_feed_is_listed_and_monitor_only_sources_never_are(tmp_path: Path) -> None:
    sources = (FEED, AUTO_FEED, AUTO_PAGE, HTML, MONITOR)
    statuses = [read_ok(FEED), read_ok(AUTO_FEED), read_ok(AUTO_PAGE, DISCOVERED), read_ok(HTML), read_ok(MONITOR)]
    path = publish_opml(tmp_path, sources, statuses)
    text = path.read_text("utf-8")
    assert MONITOR.name not in text and "watch.example.tj" not in text
    partners = etree.parse(str(path)).getroot().find("body").find("outline")
    listed = {outline.get("text"): (outline.get("xmlUrl"), outline.get("htmlUrl")) for outline in partners}
    assert listed == {
        FEED.name: (FEED.url, "https://centralasien.example.se/"),
        AUTO_FEED.name: (AUTO_FEED.url, "http://www.gazeta.example.uz/"),
        AUTO_PAGE.name: (DISCOVERED, AUTO_PAGE.url),
        HTML.name: (None, HTML.url),
    }


def test_sources_opml_round_trips_through_import_opml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = (FEED, AUTO_FEED, AUTO_PAGE, HTML, MONITOR, SourceConfig("novyy", "Новый ритм", "https://nr.example.kg/"))
    statuses = [read_ok(FEED), read_ok(AUTO_FEED), read_ok(AUTO_PAGE, DISCOVERED), read_ok(HTML), read_ok(MONITOR)]
    statuses.append(read_ok(sources[-1], "https://nr.example.kg/ru/rss.xml"))
    opml = publish_opml(tmp_path, sources, statuses)

    config = tmp_path / "sources.yaml"
    config.write_text(f"title: Copy\nlink: {LINK}\nsources: []\n", encoding="utf-8")
    assert main(["--config", str(config), "import-opml", str(opml)]) == 0
    imported = load_config(config).sources  # passes `aggregator check`
    # Every public source with a feed comes back under its name, at the address we poll; the scraped
    # page (no feed to give) and the monitor-only source (never public) do not; our own feeds are skipped.
    assert [(source.name, source.url) for source in imported] == [
        (FEED.name, FEED.url),
        (AUTO_FEED.name, AUTO_FEED.url),
        (AUTO_PAGE.name, DISCOVERED),
        ("Новый ритм", "https://nr.example.kg/ru/rss.xml"),
    ]
    assert [source.id for source in imported] == ["centralasiengrupperna", "gazeta", "bir-duino", "novyy-ritm"]
    assert "one of this aggregator's own published feeds" in capsys.readouterr().out

    # Publishing the copy gives the same list of partner feeds.
    again = publish_opml(tmp_path / "copy", imported, [read_ok(source) for source in imported])
    first, second = (etree.parse(str(path)).getroot().find("body").find("outline") for path in (opml, again))
    with_feeds = [(o.get("text"), o.get("xmlUrl")) for o in first if o.get("xmlUrl")]
    assert [(o.get("text"), o.get("xmlUrl")) for o in second] == with_feeds
