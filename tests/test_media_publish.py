"""Media as subscribers get them: Atom enclosure links, categories and thumbnails, RSS one
enclosure, categories and media:thumbnail, JSON Feed image/attachments/tags; every file still
valid, read back by feedparser and by newsboat (a terminal reader, driven headless: `-x reload`
into its own cache database), the pages loading nothing from partners, and a monitor-only
partner's media in no public byte."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from aggregator.models import SiteInfo, Story
from aggregator.publish import publish
from aggregator.publish.media_xml import MEDIA_NS
from aggregator.visibility import decide
from tests.media_sample import NOW, SOURCES, collected
from tests.test_feed_validity import ATOM_SCHEMA, HUB, atom_problems, json_problems, page_problems, rss_problems

A = "{http://www.w3.org/2005/Atom}"
THUMBNAIL = f"{{{MEDIA_NS}}}thumbnail"
BASE_URL = "http://127.0.0.1:8765/"


def _publish(tmp_path: Path, *, monitor_only: str | None = None) -> tuple[Path, Path, list[Story]]:
    store = collected(f"sqlite:///{tmp_path / 'media.db'}")
    try:
        sources = [dataclasses.replace(s, publish=s.id != monitor_only) for s in SOURCES.values()]
        site = SiteInfo("Media test", BASE_URL, NOW, sources=tuple(sources), websub_hub=HUB)
        seen = decide(store.latest_stories(100), sources, ())
        public, staff = tmp_path / "public", tmp_path / "staff"
        publish(public, staff, site, seen, store.source_statuses(sources, now=NOW))
        return public, staff, list(seen.public)
    finally:
        store.close()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Story]]:
    public, _, stories = _publish(tmp_path_factory.mktemp("media"))
    return public, stories


def _by_title(stories: list[Story]) -> dict[str, Story]:
    return {story.title: story for story in stories}


def test_files_with_media_still_pass_the_validators_rules(published: tuple[Path, list[Story]]) -> None:
    public, _ = published
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    problems = []
    for path in public.rglob("*.atom"):
        problems += atom_problems(path, BASE_URL, schema)
    for path in public.rglob("*.rss"):
        problems += rss_problems(path, BASE_URL)
    for path in public.rglob("feed.json"):
        problems += json_problems(json.loads(path.read_text("utf-8")))
    for path in public.rglob("*.html"):
        problems += page_problems(path, public)
    assert problems == []


def test_atom_carries_enclosure_links_categories_and_thumbnails(published: tuple[Path, list[Story]]) -> None:
    public, stories = published
    entries = etree.parse(str(public / "feed.atom")).getroot().findall(f"{A}entry")
    by_title = _by_title(stories)
    assert len(entries) == len(stories) == 7
    for entry in entries:
        story = by_title[entry.findtext(f"{A}title")]
        enclosures = [link for link in entry.findall(f"{A}link") if link.get("rel") == "enclosure"]
        assert [(e.get("href"), e.get("type")) for e in enclosures] == [(a.url, a.type) for a in story.attachments]
        assert [e.get("length") for e in enclosures] == [str(a.length) if a.length else None for a in story.attachments]
        assert [c.get("term") for c in entry.findall(f"{A}category")] == list(story.tags)
        assert [t.get("url") for t in entry.findall(THUMBNAIL)] == ([story.image] if story.image else [])


def test_rss_carries_one_enclosure_categories_and_a_thumbnail(published: tuple[Path, list[Story]]) -> None:
    public, stories = published
    root = etree.parse(str(public / "feed.rss")).getroot()
    assert root.nsmap.get("media") == MEDIA_NS  # declared once, on the root
    by_title = _by_title(stories)
    polish = by_title["Raport o mobilności pracowników młodzieżowych"]
    assert len(polish.attachments) == 2  # only the first is an RSS enclosure
    for item in root.iter("item"):
        story = by_title[item.findtext("title")]
        enclosures = item.findall("enclosure")
        if story.attachments:
            first = story.attachments[0]
            assert [(e.get("url"), e.get("length"), e.get("type")) for e in enclosures] == [
                (first.url, str(first.length), first.type)
            ]
        else:
            assert enclosures == []
        assert [c.text for c in item.findall("category")] == list(story.tags)
        assert [t.get("url") for t in item.findall(THUMBNAIL)] == ([story.image] if story.image else [])
    assert b'length="0" type="audio/mpeg"' in (public / "feed.rss").read_bytes()  # unknown length: 0


def test_json_feed_carries_image_attachments_and_tags(published: tuple[Path, list[Story]]) -> None:
    public, stories = published
    items = {item["title"]: item for item in json.loads((public / "feed.json").read_text("utf-8"))["items"]}
    for title, story in _by_title(stories).items():
        item = items[title]
        assert item.get("image") == story.image
        assert item.get("tags", []) == list(story.tags)
        want = [{"url": a.url, "mime_type": a.type} | ({"size_in_bytes": a.length} if a.length else {})
                for a in story.attachments]  # fmt: skip
        assert item.get("attachments", []) == want


@pytest.mark.parametrize("name", ["feed.atom", "feed.rss", "ru/feed.atom", "partners/kobiety/feed.rss"])
def test_feedparser_reads_the_media_back(published: tuple[Path, list[Story]], name: str) -> None:
    public, stories = published
    parsed = feedparser.parse((public / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    by_title = _by_title(stories)
    assert parsed.entries
    for entry in parsed.entries:
        story = by_title[entry.title]
        files = story.attachments if name.endswith(".atom") else story.attachments[:1]
        assert [(e.href, e.type) for e in entry.enclosures] == [(a.url, a.type) for a in files]
        assert [tag.term for tag in entry.get("tags", [])] == list(story.tags)
        assert [t["url"] for t in entry.get("media_thumbnail", [])] == ([story.image] if story.image else [])


def test_pages_show_tags_and_files_and_link_the_image_without_loading_it(published: tuple[Path, list[Story]]) -> None:
    public, stories = published
    page = lxml.html.fromstring((public / "index.html").read_text("utf-8"))
    assert not page.xpath("//img[not(starts-with(@src, 'data:'))]")
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "img-src data:;" in policy
    image_links = page.xpath("//a[@class='lead-image']")
    assert sorted(a.get("href") for a in image_links) == sorted(s.image for s in stories if s.image)
    assert all(a.text_content().strip() == "image" and "noreferrer" in a.get("rel") for a in image_links)
    tags = [span.text for span in page.xpath("//span[@class='tag']")]
    assert sorted(tags) == sorted(tag for story in stories for tag in story.tags)
    labels = {a.get("href"): a.text for a in page.xpath("//a[@class='attachment']")}
    assert labels["http://partner.test/files/assembly-2026.pdf"] == "PDF, 1.8 MB"
    assert labels["http://partner.test/sv/podd/exil.mp3"] == "audio (MPEG)"


def test_a_monitor_only_partners_media_reach_no_public_byte_but_staff_see_them(tmp_path: Path) -> None:
    public, staff, _ = _publish(tmp_path, monitor_only="solidaritet")
    secret = ("sv/bilder/rapport.jpg", "sv/filer/rapport.pdf", "podd/exil.mp3", "Mänskliga rättigheter")
    for path in public.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert not [word for word in secret if word in text], path
    staff_page = (staff / "index.html").read_text("utf-8")
    assert all(word in staff_page for word in secret)


# --- newsboat --------------------------------------------------------------------------------


@pytest.fixture
def served(published: tuple[Path, list[Story]]) -> Iterator[str]:
    """The published folder over HTTP on 127.0.0.1, as a reader would fetch it."""
    public, _ = published
    handler = functools.partial(_QuietHandler, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", ["feed.atom", "feed.rss"])
def test_newsboat_reads_the_feed_and_its_enclosures(
    published: tuple[Path, list[Story]], served: str, name: str, tmp_path: Path
) -> None:
    """newsboat keeps a podcast's enclosure (audio/video types: its podcast support) with each
    article in its cache; other files (PDFs) it does not keep, which the other tests cover."""
    _, stories = published
    urls, cache, config = tmp_path / "urls", tmp_path / "cache.db", tmp_path / "config"
    urls.write_text(served + name + "\n", encoding="utf-8")
    config.write_text("", encoding="utf-8")
    run = subprocess.run(
        ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload", "print-unread"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    assert f"{len(stories)} unread articles" in run.stdout
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT title, enclosure_url, enclosure_type FROM rss_item").fetchall()
    kept = {title: (url, kind) for title, url, kind in rows}
    assert set(kept) == {story.title for story in stories}
    for story in stories:
        audio = [a for a in story.attachments if a.type.startswith(("audio/", "video/"))]
        assert kept[story.title] == ((audio[0].url, audio[0].type) if audio else ("", "")), story.title
    assert sum(1 for url, _ in kept.values() if url) == 2
