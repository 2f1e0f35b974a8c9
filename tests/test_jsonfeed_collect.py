"""JSON Feed sources end to end (issue 19): served over loopback HTTP as application/feed+json
and as application/json, configured as `type: feed` and `type: auto` (directly, and found from a
home page's <link rel="alternate">), collected into the store and published in feed.json."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from aggregator.collect import collect_pass
from aggregator.parse.jsonfeed import parse_json_feed
from aggregator.pipeline import publish_outputs
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import HostileServer, body

NOW = datetime(2026, 5, 1, tzinfo=UTC)


# Each partner's own posts: the same text at three partners would be one story, merged by dedup.
TOPICS = {
    "typed": ("Water rights hearing in Osh", "The court heard farmers from three villages.", "press freedom"),
    "plain": ("Teachers' pay dispute in Khujand", "Union leaders met the regional governor.", "prison monitoring"),
    "discovered": ("New shelter opens in Almaty", "It has room for forty women and children.", "election observation"),
}


def _feed(slug: str, version: str) -> bytes:
    """Two posts of one partner: relative links, an RFC 3339 date with an offset, authors as
    JSON Feed 1.1 writes them (item `authors`, feed `authors`) or 1.0 (`author`)."""
    v11 = version.endswith("1.1")
    title, summary, report = TOPICS[slug]
    document = {
        "version": version,
        "title": f"Partner {slug}",
        "home_page_url": f"/{slug}/",
        "language": "en",
        "items": [
            {
                "id": 1001,  # a number, as 1.0 feeds often write it
                "url": "posts/news",
                "title": title,
                "summary": summary,
                "content_html": f"<p>{summary} More in the full post.</p>",
                "date_published": "2026-04-30T15:00:00+06:00",
                **({"authors": [{"name": "Aida Sadykova"}]} if v11 else {"author": {"name": "Aida Sadykova"}}),
            },
            {
                "id": f"{slug}-2",
                "url": "posts/report",
                "title": f"Annual report on {report}",
                "content_text": f"Our annual report on {report} in the region is out.",
                "date_published": "2026-04-29T09:30:00Z",
            },
        ],
        **({"authors": [{"name": f"{slug} desk"}]} if v11 else {"author": {"name": f"{slug} desk"}}),
    }
    return json.dumps(document).encode("utf-8")


HOME = b"""<!DOCTYPE html><html><head><title>Discovered partner</title>
<link rel="alternate" type="application/feed+json" href="/discovered/feed.json"></head><body>News</body></html>"""


def test_json_feed_sources_are_collected_and_published(tmp_path: Path, database_url: str) -> None:
    routes = {
        "/typed/feed.json": body(_feed("typed", "https://jsonfeed.org/version/1.1"), "application/feed+json"),
        "/plain/api.json": body(_feed("plain", "https://jsonfeed.org/version/1"), "application/json; charset=utf-8"),
        "/discovered/": body(HOME, "text/html; charset=utf-8"),
        "/discovered/feed.json": body(_feed("discovered", "https://jsonfeed.org/version/1.1"), "application/feed+json"),
    }
    with HostileServer(routes) as server:
        sources = [
            {"id": "typed", "url": server.url("/typed/feed.json"), "type": "feed", "languages": ["en"]},
            {"id": "plain", "url": server.url("/plain/api.json"), "type": "auto", "languages": ["en"]},
            {"id": "discovered", "url": server.url("/discovered/"), "type": "auto", "languages": ["en"]},
        ]
        config = make_config(
            tmp_path, sources, database=database_url, output_dir=str(tmp_path / "public"), excerpt_length=300
        )
        store = Store(config.database)
        store.create_schema()
        asyncio.run(collect_pass(config, store, everything=True, now=lambda: NOW))
        base = server.base_url

    statuses = {status.id: status for status in store.source_statuses(config.sources)}
    for slug in ("typed", "plain", "discovered"):
        assert statuses[slug].outcome == "ok", (slug, statuses[slug].error_message)
        assert statuses[slug].items_total == 2, slug

    stories = {story.url: story for story in store.latest_stories(100)}
    hearing = stories[f"{base}/plain/posts/news"]
    assert hearing.title == "Teachers' pay dispute in Khujand"
    assert hearing.published == datetime(2026, 4, 30, 9, tzinfo=UTC) and not hearing.date_is_first_seen
    assert hearing.author == "Aida Sadykova" and hearing.language == "en"
    assert hearing.summary == "Union leaders met the regional governor."
    report = stories[f"{base}/typed/posts/report"]
    assert report.author == "typed desk"  # no author of its own: the feed's
    assert report.summary == "Our annual report on press freedom in the region is out."

    publish_outputs(config, store)
    published = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))
    items = {item["url"]: item for item in published["items"]}
    assert len(items) == 6
    item = items[f"{base}/discovered/posts/news"]
    assert item["date_published"].startswith("2026-04-30T09:00:00")
    assert item["authors"] == [{"name": "Aida Sadykova"}]
    assert item["_source"]["id"] == "discovered"

    # Our own published feed reads back through the same parser, item for item.
    again = parse_json_feed((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"), config.link)
    assert {entry.link for entry in again.entries} == set(items)
    assert {entry.author for entry in again.entries} == {"Aida Sadykova", "typed desk", "plain desk", "discovered desk"}
