"""Tests for aggregator.publish: the files are read back the way subscribers would read them."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from aggregator.models import SiteInfo, SourceConfig, SourceRef, SourceStatus, Story
from aggregator.publish import publish

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BISHKEK = timezone(timedelta(hours=6))
T0 = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)

BIR = SourceRef("bir-duino", "Bir Duino Kyrgyzstan", "https://birduino.example.kg/")
KIBHR = SourceRef("kibhr", "Kazakhstan Bureau & Partners", "https://kibhr.example.kz/")

FEEDS = ("feed.atom", "feed.rss", "feed.json")
EVIL_TITLE = 'Court ruling <script>alert("x")</script> & appeal'


def story(n: int, language: str | None, **changes: object) -> Story:
    fields: dict[str, object] = {
        "id": f"urn:uuid:00000000-0000-0000-0000-{n:012d}",
        "url": f"https://birduino.example.kg/news/{n}",
        "title": f"Story {n}",
        "summary": f"Summary {n}",
        "language": language,
        "published": T0 - timedelta(hours=n),
        "updated": T0 - timedelta(hours=n),
        "date_is_first_seen": False,
        "author": None,
        "source": BIR,
    }
    fields.update(changes)
    return Story(**fields)  # type: ignore[arg-type]


@pytest.fixture
def site() -> SiteInfo:
    return SiteInfo(
        title="Solidarity News",
        link="https://news.example.se/agg/",
        generated_at=T0 + timedelta(minutes=5),
        sources=(
            SourceConfig(BIR.id, BIR.name, BIR.url, type="feed", languages=("ky", "ru")),
            SourceConfig(KIBHR.id, KIBHR.name, KIBHR.url, type="auto"),
        ),
    )


@pytest.fixture
def stories() -> list[Story]:
    return [
        story(
            1,
            "en",
            title=EVIL_TITLE,
            author="Aida Tokt",
            source=KIBHR,
            url="https://kibhr.example.kz/a?x=1&y=2",
        ),
        story(2, "sv", title="Solidaritet i Malmö", also_published_by=(KIBHR,)),
        # Bishkek time: must come out in UTC.
        story(
            3,
            "ru",
            title="Новости",
            published=datetime(2024, 5, 6, 15, 0, tzinfo=BISHKEK),
            updated=datetime(2024, 5, 6, 16, 0, tzinfo=BISHKEK),
        ),
        story(4, "ky", title="Жаңылыктар", date_is_first_seen=True),
        story(30, "ru", title="Older Russian story", source=KIBHR),
    ]


@pytest.fixture
def statuses() -> list[SourceStatus]:
    return [
        SourceStatus(
            id=BIR.id,
            name=BIR.name,
            url=BIR.url,
            fetch_url="https://birduino.example.kg/feed/",
            last_fetch_at=T0,
            outcome="ok",
            error_message=None,
            http_status=200,
            consecutive_failures=0,
            last_success_at=T0,
            next_check_at=T0 + timedelta(minutes=30),
            items_total=42,
            newest_item_at=T0 - timedelta(hours=2),
        ),
        SourceStatus(
            id=KIBHR.id,
            name=KIBHR.name,
            url=KIBHR.url,
            fetch_url=None,
            last_fetch_at=T0,
            outcome="timeout",
            error_message="read timed out <after 20s>",
            http_status=None,
            consecutive_failures=3,
            last_success_at=None,
            next_check_at=T0 + timedelta(hours=2),
            items_total=0,
            newest_item_at=None,
        ),
    ]


@pytest.fixture
def out(tmp_path: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]) -> Path:
    publish(tmp_path, site, stories, statuses)
    return tmp_path


def parsed(path: Path) -> feedparser.FeedParserDict:
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, result.get("bozo_exception")
    return result


# --- files -----------------------------------------------------------------------------------


def test_writes_fixed_file_names_and_one_directory_per_seen_language(out: Path) -> None:
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {*FEEDS, "sources.opml", "index.html"}
    expected |= {f"{lang}/{name}" for lang in ("en", "sv", "ru", "ky") for name in FEEDS}
    assert written == expected  # also: no temp files left behind


def test_returns_every_path_on_first_publish(tmp_path: Path, site, stories, statuses) -> None:
    changed = publish(tmp_path, site, stories, statuses)
    assert set(changed) == {p for p in tmp_path.rglob("*") if p.is_file()}


def test_files_are_world_readable(out: Path) -> None:
    assert (out / "feed.atom").stat().st_mode & 0o444 == 0o444


# --- Atom ------------------------------------------------------------------------------------


def test_atom_reads_back_newest_first(out: Path, stories: list[Story]) -> None:
    feed = parsed(out / "feed.atom")
    assert [e.id for e in feed.entries] == [s.id for s in stories]
    first = feed.entries[0]
    assert first.title == EVIL_TITLE
    assert first.link == "https://kibhr.example.kz/a?x=1&y=2"
    assert first.summary == "Summary 1"
    assert first.author == "Aida Tokt"
    assert "author" not in feed.entries[1]
    # feedparser has no entry.language for Atom; it reports xml:lang on each text construct.
    assert [e.title_detail.language for e in feed.entries] == ["en", "sv", "ru", "ky", "ru"]
    assert feed.entries[0].source.title == KIBHR.name


def test_atom_xml(out: Path) -> None:
    root = etree.parse(str(out / "feed.atom")).getroot()
    assert root.findtext(f"{ATOM}id") == "https://news.example.se/agg/"
    assert root.findtext(f"{ATOM}title") == "Solidarity News"
    # The newest item's updated (story 1, 11:00Z), not the time of publishing.
    assert root.findtext(f"{ATOM}updated") == "2024-05-06T11:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://news.example.se/agg/feed.atom",
        "alternate": "https://news.example.se/agg/",
    }
    assert root.find(f"{ATOM}generator") is not None
    assert XML_LANG not in root.attrib  # the combined feed has no single language

    entries = root.findall(f"{ATOM}entry")
    assert [e.get(XML_LANG) for e in entries] == ["en", "sv", "ru", "ky", "ru"]
    russian = entries[2]
    assert russian.findtext(f"{ATOM}published") == "2024-05-06T09:00:00+00:00"
    assert russian.findtext(f"{ATOM}updated") == "2024-05-06T10:00:00+00:00"
    first = entries[0]
    link = first.find(f"{ATOM}link")
    assert (link.get("rel"), link.get("href")) == (
        "alternate",
        "https://kibhr.example.kz/a?x=1&y=2",
    )
    assert first.find(f"{ATOM}summary").get("type") == "text"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Aida Tokt"
    source = first.find(f"{ATOM}source")
    assert source.findtext(f"{ATOM}id") == KIBHR.url
    assert source.findtext(f"{ATOM}title") == KIBHR.name
    assert source.find(f"{ATOM}link").get("href") == KIBHR.url


# --- RSS -------------------------------------------------------------------------------------


def test_rss_reads_back(out: Path, stories: list[Story]) -> None:
    feed = parsed(out / "feed.rss")
    assert feed.version == "rss20"
    assert [e.id for e in feed.entries] == [s.id for s in stories]
    first = feed.entries[0]
    assert first.title == EVIL_TITLE
    assert first.link == "https://kibhr.example.kz/a?x=1&y=2"
    assert first.author == "Aida Tokt"  # from dc:creator
    assert first.source == {"href": KIBHR.url, "title": KIBHR.name}
    assert [e.language for e in feed.entries] == ["en", "sv", "ru", "ky", "ru"]  # dc:language


def test_rss_xml(out: Path) -> None:
    channel = etree.parse(str(out / "feed.rss")).getroot().find("channel")
    assert channel.findtext("lastBuildDate") == "Mon, 06 May 2024 11:00:00 +0000"
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == (
        "self",
        "https://news.example.se/agg/feed.rss",
    )
    items = channel.findall("item")
    guid = items[0].find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (items[0].findtext("guid"), "false")
    assert items[0].findtext(f"{DC}creator") == "Aida Tokt"
    assert items[0].findtext("description") == "Summary 1"
    assert items[2].findtext("pubDate") == "Mon, 06 May 2024 09:00:00 +0000"
    assert items[0].find("source").get("url") == KIBHR.url
    assert items[0].find("author") is None  # RSS <author> must be an email address


# --- JSON Feed -------------------------------------------------------------------------------


def test_json_feed(out: Path, stories: list[Story]) -> None:
    doc = json.loads((out / "feed.json").read_text("utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] == "Solidarity News"
    assert doc["home_page_url"] == "https://news.example.se/agg/"
    assert doc["feed_url"] == "https://news.example.se/agg/feed.json"
    assert "language" not in doc
    assert [item["id"] for item in doc["items"]] == [s.id for s in stories]

    first, second, third = doc["items"][:3]
    assert first["title"] == EVIL_TITLE
    assert first["url"] == "https://kibhr.example.kz/a?x=1&y=2"
    assert first["summary"] == first["content_text"] == "Summary 1"
    assert first["authors"] == [{"name": "Aida Tokt"}]
    assert first["language"] == "en"
    assert first["_source"] == {"id": KIBHR.id, "name": KIBHR.name, "url": KIBHR.url}
    assert "_also_published_by" not in first and "authors" not in second
    assert second["_also_published_by"] == [{"id": KIBHR.id, "name": KIBHR.name, "url": KIBHR.url}]
    assert third["date_published"] == "2024-05-06T09:00:00+00:00"
    assert datetime.fromisoformat(third["date_modified"]) == datetime(2024, 5, 6, 10, tzinfo=UTC)


def test_json_feed_keeps_non_ascii_readable(out: Path) -> None:
    assert "Жаңылыктар" in (out / "feed.json").read_text("utf-8")


# --- per-language feeds ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "sv", "ru", "ky"])
def test_language_feeds_hold_only_their_language(out: Path, stories: list[Story], lang: str) -> None:
    expected = [s.id for s in stories if s.language == lang]
    atom = parsed(out / lang / "feed.atom")
    assert atom.feed.language == lang
    assert [e.id for e in atom.entries] == expected
    rss = parsed(out / lang / "feed.rss")
    assert rss.feed.language == lang
    assert [e.id for e in rss.entries] == expected
    doc = json.loads((out / lang / "feed.json").read_text("utf-8"))
    assert doc["language"] == lang
    assert doc["feed_url"] == f"https://news.example.se/agg/{lang}/feed.json"
    assert [item["id"] for item in doc["items"]] == expected
    root = etree.parse(str(out / lang / "feed.atom")).getroot()
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"https://news.example.se/agg/{lang}/feed.atom"
    assert root.findtext(f"{ATOM}id") != "https://news.example.se/agg/"  # distinct from the main feed


def test_unsafe_language_code_gets_no_directory(tmp_path: Path, site, statuses) -> None:
    out = tmp_path / "public"
    publish(out, site, [story(1, "../../evil"), story(2, "sv")], statuses)
    assert not (tmp_path / "evil").exists()
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["sv"]
    assert len(parsed(out / "feed.atom").entries) == 2  # still in the combined feed


# --- OPML ------------------------------------------------------------------------------------


def test_opml_lists_sources_and_published_feeds(out: Path) -> None:
    root = etree.parse(str(out / "sources.opml")).getroot()
    assert root.get("version") == "2.0"
    sources, ours = root.find("body").findall("outline")
    partners = {o.get("text"): o.attrib for o in sources.findall("outline")}
    assert set(partners) == {BIR.name, KIBHR.name}
    assert partners[BIR.name]["htmlUrl"] == BIR.url
    assert partners[BIR.name]["xmlUrl"] == "https://birduino.example.kg/feed/"
    assert partners[BIR.name]["type"] == "rss"
    assert "xmlUrl" not in partners[KIBHR.name]  # never fetched: no feed address known yet

    urls = {o.get("xmlUrl") for o in ours.findall("outline")}
    assert "https://news.example.se/agg/feed.atom" in urls
    assert "https://news.example.se/agg/ky/feed.json" in urls
    assert len(urls) == 3 * 5  # three formats, combined + four languages


# --- index.html ------------------------------------------------------------------------------


def test_index_escapes_partner_content(out: Path) -> None:
    html = (out / "index.html").read_text("utf-8")
    assert "<script" not in html  # neither partner content nor our own JS
    assert "&lt;script&gt;" in html
    assert "Kazakhstan Bureau &amp; Partners" in html
    assert "read timed out &lt;after 20s&gt;" in html
    assert 'href="https://kibhr.example.kz/a?x=1&amp;y=2"' in html


def test_index_shows_stories_by_day_and_source_status(out: Path) -> None:
    html = (out / "index.html").read_text("utf-8")
    assert '<meta name="viewport"' in html
    assert "2024-05-06 12:05" in html  # generated time
    assert html.index(">2024-05-06<") < html.index(">2024-05-05<")  # newest day first
    assert "also published by" in html
    assert "Bir Duino Kyrgyzstan" in html and "timeout" in html and "42" in html
    assert html.count('class="failing"') == 1
    failing_row = html[html.index('class="failing"') :]
    assert KIBHR.name.replace("&", "&amp;") in failing_row.split("</tr>")[0]
    for external in ("http://", "//cdn", 'rel="stylesheet"', "<script"):
        assert external not in html


def test_index_links_only_web_addresses(tmp_path: Path, site, statuses) -> None:
    publish(tmp_path, site, [story(1, "en", url="javascript:alert(1)")], statuses)
    assert "javascript:" not in (tmp_path / "index.html").read_text("utf-8")


# --- caching: unchanged input, unchanged files -----------------------------------------------


def test_publishing_again_changes_no_feed(tmp_path: Path, site, stories, statuses) -> None:
    publish(tmp_path, site, stories, statuses)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "index.html"]
    old = 1_000_000_000  # backdate, so an untouched file is told apart from a rewritten one
    for path in files:
        os.utime(path, (old, old))
    before = {p: p.read_bytes() for p in files}

    later = SiteInfo(site.title, site.link, site.generated_at + timedelta(hours=1), site.sources)
    # Same stories, in another order and with the overlap the caller produces.
    changed = publish(tmp_path, later, list(reversed(stories)) + stories[:2], statuses)

    assert changed == [tmp_path / "index.html"]
    for path in files:
        assert path.read_bytes() == before[path]
        assert path.stat().st_mtime == old


def test_same_input_twice_changes_nothing(tmp_path: Path, site, stories, statuses) -> None:
    publish(tmp_path, site, stories, statuses)
    assert publish(tmp_path, site, stories, statuses) == []


def test_new_story_rewrites_only_affected_feeds(tmp_path: Path, site, stories, statuses) -> None:
    publish(tmp_path, site, stories, statuses)
    fresh = story(0, "sv", title="Ny artikel")
    changed = {p.relative_to(tmp_path).as_posix() for p in publish(tmp_path, site, [fresh, *stories], statuses)}
    assert changed == {*FEEDS, *(f"sv/{name}" for name in FEEDS), "index.html"}


# --- selection -------------------------------------------------------------------------------


def test_max_items_cuts_each_feed(tmp_path: Path, site, statuses) -> None:
    many = [story(n, "ru" if n % 2 else "sv") for n in range(1, 8)]
    publish(tmp_path, site, many, statuses, max_items=2)
    assert [e.id for e in parsed(tmp_path / "feed.atom").entries] == [many[0].id, many[1].id]
    assert [e.id for e in parsed(tmp_path / "feed.rss").entries] == [many[0].id, many[1].id]
    assert len(json.loads((tmp_path / "feed.json").read_text())["items"]) == 2
    assert [e.id for e in parsed(tmp_path / "ru" / "feed.atom").entries] == [many[0].id, many[2].id]
    assert [e.id for e in parsed(tmp_path / "sv" / "feed.rss").entries] == [many[1].id, many[3].id]


def test_ties_are_ordered_by_id(tmp_path: Path, site, statuses) -> None:
    same_time = [story(n, "en", published=T0, updated=T0) for n in (3, 1, 2)]
    publish(tmp_path, site, same_time, statuses)
    ids = [e.id for e in parsed(tmp_path / "feed.atom").entries]
    assert ids == sorted(ids)


def test_no_stories_gives_valid_stable_feeds(tmp_path: Path, site, statuses) -> None:
    publish(tmp_path, site, [], statuses)
    atom = parsed(tmp_path / "feed.atom")
    assert atom.entries == [] and atom.feed.updated.startswith("1970-01-01")
    assert json.loads((tmp_path / "feed.json").read_text())["items"] == []
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]
    assert "No stories yet" in (tmp_path / "index.html").read_text("utf-8")


def test_max_items_must_be_positive(tmp_path: Path, site) -> None:
    with pytest.raises(ValueError):
        publish(tmp_path, site, [], [], max_items=0)
