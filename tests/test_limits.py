"""What one source may bring in one pass: items, title, author and link lengths are capped, the
cut is stored as the source's outcome message, and no stored text carries a character XML cannot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from aggregator import limits
from aggregator.clean import clean_page
from aggregator.cli import main
from aggregator.collect import collect_pass
from aggregator.models import Config, ParsedPage, RawEntry, SourceConfig
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import HostileServer, body

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def _rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Partner</title>'
        f"<link>http://x/</link>{''.join(items)}</channel></rss>"
    ).encode()


def _item(n: int, title: str = "", extra: str = "", link: str = "") -> str:
    when = format_datetime(NOW - timedelta(hours=n))
    return (
        f"<item><title>{title or f'Story number {n}'}</title><link>{link or f'http://x/{n}'}</link>"
        f"<pubDate>{when}</pubDate>{extra}</item>"
    )


def _collect(tmp_path: Path, feed: bytes) -> tuple[Config, Store]:
    with HostileServer({"/feed": body(feed)}) as server:
        source = {"id": "big", "url": server.url("/feed"), "type": "feed"}
        config = make_config(tmp_path, [source], excerpt_length=300, write=True)  # written: for `status`
        store = Store(config.database)
        store.create_schema()
        asyncio.run(collect_pass(config, store, everything=True, now=lambda: NOW))
    return config, store


def test_a_huge_feed_is_cut_to_its_newest_items_and_the_cut_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Oldest first, as some feeds are: the newest 200 are the last ones.
    feed = _rss([_item(n) for n in reversed(range(450))])
    config, store = _collect(tmp_path, feed)
    [status] = store.source_statuses(config.sources)
    assert status.outcome == "ok"
    assert status.items_total == limits.MAX_ITEMS
    assert status.error_message == "kept the newest 200 of 450 items (cap 200)"
    titles = {story.title for story in store.latest_stories(1000)}
    assert "Story number 0" in titles and "Story number 199" in titles and "Story number 200" not in titles
    capsys.readouterr()
    assert main(["--config", str(config.path), "status"]) == 0
    assert "big: ok: kept the newest 200 of 450 items (cap 200)" in capsys.readouterr().out


def test_long_titles_authors_and_links_are_cut_and_the_cut_is_shown(tmp_path: Path) -> None:
    huge_title = "Word " * 200_000  # 1 MB
    feed = _rss(
        [
            _item(1, title=huge_title),
            _item(2, extra=f"<author>{'Anna ' * 1000}</author><description>{'Long text. ' * 5000}</description>"),
            _item(3, link="http://x/" + "a" * 3000),
        ]
    )
    config, store = _collect(tmp_path, feed)
    [status] = store.source_statuses(config.sources)
    assert status.outcome == "ok"
    assert status.error_message == (
        "1 titles cut to 500 characters; 1 authors cut to 200 characters; "
        "1 items dropped for a link over 2000 characters"
    )
    stories = store.latest_stories(100)
    assert len(stories) == 2
    for story in stories:
        assert len(story.title) <= limits.MAX_TITLE
        assert len(story.summary) <= config.excerpt_length
    assert any(story.title.startswith("Word Word") and story.title.endswith("…") for story in stories)


def test_control_characters_are_never_stored(tmp_path: Path) -> None:
    feed = _rss([_item(4, title="Hello &#1; world", extra="<description>Bell &amp;#7; rings</description>")])
    _, store = _collect(tmp_path, feed)
    [hello] = store.latest_stories(100)
    assert hello.title.replace("  ", " ") == "Hello world"
    assert hello.summary.replace("  ", " ") == "Bell rings"


def test_a_page_within_the_caps_is_untouched() -> None:
    source = SourceConfig(id="s", name="S", url="http://x/")
    page = ParsedPage(kind="feed", entries=(RawEntry(link="http://x/1", title="One", author="Anna"),))
    cleaned = clean_page(page, source, excerpt_length=300, now=NOW)
    assert [(item.title, item.author) for item in cleaned.items] == [("One", "Anna")]
    assert cleaned.cuts.note is None


def test_undated_entries_keep_the_first() -> None:
    entries = tuple(RawEntry(link=f"http://x/{n}", title=f"T{n}") for n in range(limits.MAX_ITEMS + 5))
    kept, cuts = limits.newest_entries(entries)
    assert kept == entries[: limits.MAX_ITEMS] and cuts.entries == limits.MAX_ITEMS + 5
