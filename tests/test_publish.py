"""Tests for aggregator.publish: the files are read back the way subscribers would read them."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from aggregator.models import SiteInfo, SourceConfig, SourceRef, SourceStatus, Story, Visibility
from aggregator.publish import publish
from aggregator.publish.manifest import MANIFEST_NAME, read_manifest
from aggregator.publish.staff import failure_words, posts_chart

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BISHKEK = timezone(timedelta(hours=6))
T0 = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)

BIR = SourceRef("bir-duino", "Bir Duino Kyrgyzstan", "https://birduino.example.kg/")
KIBHR = SourceRef("kibhr", "Kazakhstan Bureau & Partners", "https://kibhr.example.kz/")

FEEDS = ("feed.atom", "feed.rss", "feed.json")
EVIL_TITLE = 'Court ruling <script>alert("x")</script> & appeal'


def staff_dir(out: Path) -> Path:
    """Where the staff pages of a publish into `out` go: beside it, as in Config.staff_settings."""
    return out.parent / f"{out.name}-staff"


def publish_all(
    out: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus], **options: int
) -> list[Path]:
    """Publish `stories`, every one public, into `out` and the staff pages beside it."""
    return publish(out, staff_dir(out), site, Visibility(public=tuple(stories), hidden=()), statuses, **options)


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


def sample_site() -> SiteInfo:
    return SiteInfo(
        title="Solidarity News",
        link="https://news.example.se/agg/",
        generated_at=T0 + timedelta(minutes=5),
        sources=(
            SourceConfig(BIR.id, BIR.name, BIR.url, type="feed", languages=("ky", "ru")),
            SourceConfig(KIBHR.id, KIBHR.name, KIBHR.url, type="auto"),
        ),
    )


def sample_stories() -> list[Story]:
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


def sample_statuses() -> list[SourceStatus]:
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


# Fixtures of the samples, for this module; other test modules import the sample_ functions.
@pytest.fixture
def site() -> SiteInfo:
    return sample_site()


@pytest.fixture
def stories() -> list[Story]:
    return sample_stories()


@pytest.fixture
def statuses() -> list[SourceStatus]:
    return sample_statuses()


@pytest.fixture
def out(tmp_path: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]) -> Path:
    publish_all(tmp_path, site, stories, statuses)
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
    expected |= {f"partners/{pid}/{name}" for pid in (BIR.id, KIBHR.id) for name in (*FEEDS, "index.html")}
    assert written == expected | {MANIFEST_NAME}  # also: no temp files left behind
    assert read_manifest(out) == expected  # the manifest names every file but itself


def test_returns_every_path_on_first_publish(tmp_path: Path, site, stories, statuses) -> None:
    changed = publish_all(tmp_path, site, stories, statuses)
    written = [p for folder in (tmp_path, staff_dir(tmp_path)) for p in folder.rglob("*") if p.is_file()]
    assert set(changed) == set(written)
    # The public set first, each set's manifest last, the staff index.html just before its manifest.
    assert changed.index(tmp_path / MANIFEST_NAME) < changed.index(staff_dir(tmp_path) / "index.html")
    assert changed[-2:] == [staff_dir(tmp_path) / "index.html", staff_dir(tmp_path) / MANIFEST_NAME]


def test_staff_pages_go_into_their_own_folder(out: Path) -> None:
    staff = staff_dir(out)
    written = {p.relative_to(staff).as_posix() for p in staff.rglob("*") if p.is_file()}
    pages = {"index.html", f"partners/{BIR.id}/index.html", f"partners/{KIBHR.id}/index.html"}
    assert written == pages | {MANIFEST_NAME}
    assert read_manifest(staff) == pages


def test_folders_that_hold_each_other_are_refused(tmp_path: Path, site, stories, statuses) -> None:
    visible = Visibility(public=tuple(stories), hidden=())
    for public, staff in ((tmp_path, tmp_path), (tmp_path, tmp_path / "staff"), (tmp_path / "public", tmp_path)):
        with pytest.raises(ValueError, match="must be apart"):
            publish(public, staff, site, visible, statuses)
    assert not any(tmp_path.iterdir())


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
    # Every text in our RSS is escaped HTML (xml_feeds): readers unescape it back to the text.
    assert (first.title_detail.type, html.unescape(first.title)) == ("text/html", EVIL_TITLE)
    assert first.link == "https://kibhr.example.kz/a?x=1&y=2"
    assert first.author == "Aida Tokt"  # from dc:creator
    assert first.source == {"href": KIBHR.url, "title": html.escape(KIBHR.name)}
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
    publish_all(out, site, [story(1, "../../evil"), story(2, "sv")], statuses)
    assert not (tmp_path / "evil").exists()
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["partners", "sv"]
    assert len(parsed(out / "feed.atom").entries) == 2  # still in the combined feed


# --- per-partner feeds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("partner", "expected"),
    [
        # Bir Duino is the main source of 2, 3 and 4.
        pytest.param(BIR, [2, 3, 4], id="main source"),
        # KIBHR is the main source of 1 and 30, and also published 2.
        pytest.param(KIBHR, [1, 2, 30], id="main source or also published"),
    ],
)
def test_partner_feeds_hold_what_the_partner_published(out: Path, partner: SourceRef, expected: list[int]) -> None:
    ids = [story(n, None).id for n in expected]
    directory = out / "partners" / partner.id
    assert [e.id for e in parsed(directory / "feed.atom").entries] == ids
    assert [e.id for e in parsed(directory / "feed.rss").entries] == ids
    doc = json.loads((directory / "feed.json").read_text("utf-8"))
    assert [item["id"] for item in doc["items"]] == ids
    assert doc["feed_url"] == f"https://news.example.se/agg/partners/{partner.id}/feed.json"
    assert doc["home_page_url"] == f"https://news.example.se/agg/partners/{partner.id}/"
    assert doc["title"] == f"Solidarity News: {partner.name}"
    root = etree.parse(str(directory / "feed.atom")).getroot()
    assert root.findtext(f"{ATOM}id") == f"https://news.example.se/agg/partners/{partner.id}/"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == f"https://news.example.se/agg/partners/{partner.id}/"


def test_partner_feeds_are_cut_at_max_items(tmp_path: Path, site, statuses) -> None:
    many = [story(n, "ru") for n in range(1, 6)]
    publish_all(tmp_path, site, many, statuses, max_items=2)
    entries = parsed(tmp_path / "partners" / BIR.id / "feed.atom").entries
    assert [e.id for e in entries] == [many[0].id, many[1].id]


# --- WebSub ----------------------------------------------------------------------------------


def test_websub_hub_is_advertised_in_every_feed(tmp_path: Path, site, stories, statuses) -> None:
    hub = "https://hub.example.org/"
    publish_all(tmp_path, replace(site, websub_hub=hub), stories, statuses)
    feeds = sorted(tmp_path.rglob("feed.*"))
    assert len(feeds) == 3 * (1 + 4 + 2)
    for path in feeds:
        if path.suffix == ".json":
            assert json.loads(path.read_text("utf-8"))["hubs"] == [{"type": "WebSub", "url": hub}], path
            continue
        root = etree.parse(str(path)).getroot()
        parent = root.find("channel") if path.suffix == ".rss" else root
        links = {link.get("rel"): link.get("href") for link in parent.findall(f"{ATOM}link")}
        assert links["hub"] == hub, path
        assert links["self"] == "https://news.example.se/agg/" + path.relative_to(tmp_path).as_posix(), path
        if path.suffix == ".rss":  # the channel's own link stays the web page, not the hub
            assert parent.findtext("link").startswith("https://news.example.se/agg/"), path


def test_no_hub_without_websub(out: Path) -> None:
    assert 'rel="hub"' not in (out / "feed.atom").read_text("utf-8")
    assert 'rel="hub"' not in (out / "feed.rss").read_text("utf-8")
    assert "hubs" not in json.loads((out / "feed.json").read_text("utf-8"))


def test_every_atom_entry_has_an_author(out: Path) -> None:
    # RFC 4287 4.1.1/4.2.1: the feed's author (us, the compiler) and, for an entry without one,
    # the partner as the author in its atom:source.
    root = etree.parse(str(out / "feed.atom")).getroot()
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Solidarity News"
    entries = root.findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Aida Tokt"
    assert entries[0].find(f"{ATOM}source/{ATOM}author") is None
    assert entries[1].findtext(f"{ATOM}source/{ATOM}author/{ATOM}name") == BIR.name


# --- OPML ------------------------------------------------------------------------------------


def test_opml_lists_sources_and_published_feeds(out: Path) -> None:
    root = etree.parse(str(out / "sources.opml")).getroot()
    assert root.get("version") == "2.0"
    sources, ours, per_partner = root.find("body").findall("outline")
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
    partner_urls = {o.get("xmlUrl"): o.get("htmlUrl") for o in per_partner.findall("outline")}
    assert partner_urls["https://news.example.se/agg/partners/kibhr/feed.rss"] == (
        "https://news.example.se/agg/partners/kibhr/"
    )
    assert len(partner_urls) == 3 * 2


def test_opml_gives_the_configured_address_of_a_feed_source(tmp_path: Path, site, statuses) -> None:
    # Polled directly (nothing discovered), so the store knows no other address.
    direct = [replace(statuses[0], fetch_url=None), statuses[1]]
    publish_all(tmp_path, site, [], direct)
    root = etree.parse(str(tmp_path / "sources.opml")).getroot()
    partners = {o.get("text"): o.attrib for o in root.find("body").find("outline").findall("outline")}
    assert partners[BIR.name]["xmlUrl"] == BIR.url  # type: feed
    assert "xmlUrl" not in partners[KIBHR.name]  # type: auto, no feed found yet


# --- index.html ------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["public", "staff"])
def test_index_escapes_partner_content(out: Path, folder: str) -> None:
    root = out if folder == "public" else staff_dir(out)
    html = (root / "index.html").read_text("utf-8")
    assert html.count("<script") == 1  # our filter script only
    assert "&lt;script&gt;" in html
    assert "Kazakhstan Bureau &amp; Partners" in html
    assert 'href="https://kibhr.example.kz/a?x=1&amp;y=2"' in html
    partner_page = (root / "partners" / KIBHR.id / "index.html").read_text("utf-8")
    assert "&lt;script&gt;" in partner_page and "<script" not in partner_page
    if folder == "staff":
        assert "read timed out &lt;after 20s&gt;" in html


@pytest.mark.parametrize("folder", ["public", "staff"])
def test_index_lists_stories_by_day_with_partner_language_and_date(out: Path, folder: str) -> None:
    page = lxml.html.fromstring(((out if folder == "public" else staff_dir(out)) / "index.html").read_bytes())
    assert page.xpath("//meta[@name='viewport']")
    # Only the staff page says when it was generated: the public one depends on its input only.
    assert ("2024-05-06 12:05" in page.text_content()) == (folder == "staff")
    days = page.xpath("//section[@data-day]//h3/time/@datetime")
    assert days == sorted(days, reverse=True) and days[0] == "2024-05-06"
    stories = page.xpath("//li[@data-story]")
    assert len(stories) == 5
    first = stories[0]
    assert first.get("data-lang") == "en" and first.get("data-partners") == KIBHR.id
    assert "Kazakhstan Bureau & Partners" in first.text_content()
    assert "Aida Tokt" in first.text_content()
    second = stories[1]
    assert second.get("data-partners") == f"{BIR.id} {KIBHR.id}"  # also published by KIBHR
    assert "also published by" in second.text_content()


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        pytest.param({"published": datetime(2024, 5, 6, 9, 30, tzinfo=UTC)}, "09:30 UTC", id="date and time"),
        # Pages that give the day only are stored at midnight: no made-up time.
        pytest.param({"published": datetime(2024, 5, 6, tzinfo=UTC)}, "day only", id="day only"),
        pytest.param(
            {"published": datetime(2024, 5, 6, 9, 30, tzinfo=UTC), "date_is_first_seen": True},
            "no date given; first seen 09:30 UTC",
            id="no date: first seen",
        ),
    ],
)
def test_index_shows_dates_honestly(tmp_path: Path, site, statuses, changes: dict[str, object], shown: str) -> None:
    publish_all(tmp_path, site, [story(1, "en", **changes)], statuses)
    page = lxml.html.fromstring((tmp_path / "index.html").read_bytes())
    assert page.xpath("//li[@data-story]//time")[0].text == shown


def test_index_shows_partner_health_and_failures_in_words(out: Path) -> None:
    page = lxml.html.fromstring((staff_dir(out) / "index.html").read_bytes())
    cards = {card.get("id"): card for card in page.xpath("//article[contains(@class, 'card')]")}
    assert list(cards) == [f"partner-{KIBHR.id}", f"partner-{BIR.id}"]  # failing first
    failing = cards[f"partner-{KIBHR.id}"]
    assert "failing" in failing.get("class").split()
    text = " ".join(failing.text_content().split())
    assert "Failing, 3 fetches in a row:" in text
    assert "The site did not answer in time." in text  # the error kind in words
    assert "timeout: read timed out <after 20s>" in text  # and as stored
    assert "last worked: never" in text
    healthy = " ".join(cards[f"partner-{BIR.id}"].text_content().split())
    assert "Last fetch 2024-05-06 12:00 UTC: OK" in healthy
    assert "Stories seen 42" in healthy
    attention = " ".join(page.xpath("//section[@class='attention']")[0].text_content().split())
    assert "Kazakhstan Bureau & Partners: The site did not answer in time." in attention


def test_quiet_partner_is_flagged_after_quiet_days(tmp_path: Path, site, stories, statuses) -> None:
    newest = site.generated_at - timedelta(days=45)
    bir = replace(statuses[0], newest_item_at=newest)
    publish_all(tmp_path, replace(site, quiet_days=30), stories, [bir, statuses[1]])
    page = lxml.html.fromstring((staff_dir(tmp_path) / "index.html").read_bytes())
    card = page.get_element_by_id(f"partner-{BIR.id}")
    assert "quiet" in card.get("class").split()
    assert "Quiet for 45 days: no new story since 2024-03-22 12:05 UTC" in " ".join(card.text_content().split())

    publish_all(tmp_path, replace(site, quiet_days=60), stories, [bir, statuses[1]])
    page = lxml.html.fromstring((staff_dir(tmp_path) / "index.html").read_bytes())
    assert "quiet" not in page.get_element_by_id(f"partner-{BIR.id}").get("class").split()


def test_partner_activity_chart_has_a_bar_per_month(tmp_path: Path, site, stories, statuses) -> None:
    counts = (0, 0, 1, 0, 0, 4, 2, 0, 0, 0, 3, 1)  # oldest first; the last is May 2024, the current month
    quiet_year = replace(statuses[1], posts_per_month=(0,) * 12)
    publish_all(tmp_path, site, stories, [replace(statuses[0], posts_per_month=counts), quiet_year])
    page = lxml.html.fromstring((staff_dir(tmp_path) / "index.html").read_bytes())
    svg = page.get_element_by_id(f"partner-{BIR.id}").xpath(".//svg")[0]
    bars = svg.xpath(".//rect")
    assert [bar.findtext("title") for bar in bars][-2:] == ["Apr 2024: 3 stories", "May 2024: 1 story so far"]
    assert bars[0].findtext("title") == "Jun 2023: 0 stories"
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[5] == max(heights) == 40 and heights[2] < heights[6] < heights[5]
    assert "Jun 2023: 0" in svg.get("aria-label")
    assert "11 in all, most in Nov 2023 (4)" in page.get_element_by_id(f"partner-{BIR.id}").text_content()
    # A source with no stories this year gets a sentence, not an empty chart.
    assert "No stories in the last 12 months." in page.get_element_by_id(f"partner-{KIBHR.id}").text_content()


@pytest.mark.parametrize("folder", ["public", "staff"])
def test_index_has_filters_for_every_language_and_partner(out: Path, folder: str) -> None:
    page = lxml.html.fromstring(((out if folder == "public" else staff_dir(out)) / "index.html").read_bytes())
    form = page.get_element_by_id("filters")
    assert form.get("hidden") is not None  # only the script shows it: without JS all stories are listed
    assert [o.get("value") for o in form.xpath(".//select[@name='lang']/option")] == ["", "en", "ky", "ru", "sv"]
    # Partners by name: Bir Duino, Kazakhstan Bureau.
    assert [o.get("value") for o in form.xpath(".//select[@name='partner']/option")] == ["", BIR.id, KIBHR.id]


def test_pages_allow_only_their_own_script(out: Path) -> None:
    page = lxml.html.fromstring((out / "index.html").read_bytes())
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    script = page.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in policy and "default-src 'none'" in policy
    partner = lxml.html.fromstring((out / "partners" / BIR.id / "index.html").read_bytes())
    assert "script-src 'none'" in partner.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_pages_load_nothing_from_outside(out: Path) -> None:
    staff = staff_dir(out)
    for path in [out / "index.html", *out.glob("partners/*/index.html"), *staff.rglob("index.html")]:
        html = path.read_text("utf-8")
        for external in ("http://", "//cdn", 'rel="stylesheet"', "<script src", "<img", "url("):
            assert external not in html, (path, external)


def test_partner_page_lists_what_the_partner_published(out: Path, stories: list[Story]) -> None:
    page = lxml.html.fromstring((out / "partners" / KIBHR.id / "index.html").read_bytes())
    titles = [
        " ".join(li.xpath(".//span[@class='story-title']")[0].text_content().split())
        for li in page.xpath("//li[@data-story]")
    ]
    # Its own stories and the one it also published, newest first.
    assert titles == [EVIL_TITLE, "Solidaritet i Malmö", "Older Russian story"]
    assert page.xpath("//a[@href='../../index.html']")  # back to the index
    assert page.xpath(f"//a[@href='../../partners/{KIBHR.id}/feed.atom']")  # its feed's home page offers it
    staff = lxml.html.fromstring((staff_dir(out) / "partners" / KIBHR.id / "index.html").read_bytes())
    assert staff.get_element_by_id(f"partner-{KIBHR.id}") is not None  # activity and health, for staff
    assert [
        li.xpath(".//span[@class='story-title']")[0].text_content().strip() for li in staff.xpath("//li[@data-story]")
    ] == titles


def test_index_links_only_web_addresses(tmp_path: Path, site, statuses) -> None:
    publish_all(tmp_path, site, [story(1, "en", url="javascript:alert(1)")], statuses)
    assert "javascript:" not in (tmp_path / "index.html").read_text("utf-8")
    assert "javascript:" not in (staff_dir(tmp_path) / "index.html").read_text("utf-8")


# --- caching: unchanged input, unchanged files -----------------------------------------------


def test_publishing_again_changes_no_feed(tmp_path: Path, site, stories, statuses) -> None:
    publish_all(tmp_path, site, stories, statuses)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    old = 1_000_000_000  # backdate, so an untouched file is told apart from a rewritten one
    for path in files:
        os.utime(path, (old, old))
    before = {p: p.read_bytes() for p in files}

    later = SiteInfo(site.title, site.link, site.generated_at + timedelta(hours=1), site.sources)
    # Same stories, in another order and with the overlap the caller produces.
    changed = publish_all(tmp_path, later, list(reversed(stories)) + stories[:2], statuses)

    # Only the staff pages, which say when they were generated; index.html last. The public
    # pages, like the feeds, do not depend on the clock.
    assert all(p.suffix == ".html" and p.is_relative_to(staff_dir(tmp_path)) for p in changed)
    assert changed[-1] == staff_dir(tmp_path) / "index.html"
    for path in files:
        assert path.read_bytes() == before[path]
        assert path.stat().st_mtime == old


def test_same_input_twice_changes_nothing(tmp_path: Path, site, stories, statuses) -> None:
    publish_all(tmp_path, site, stories, statuses)
    assert publish_all(tmp_path, site, stories, statuses) == []


def test_new_story_rewrites_only_affected_feeds(tmp_path: Path, site, stories, statuses) -> None:
    publish_all(tmp_path, site, stories, statuses)
    fresh = story(0, "sv", title="Ny artikel")
    changed = publish_all(tmp_path, site, [fresh, *stories], statuses)
    public = {p.relative_to(tmp_path).as_posix() for p in changed if p.is_relative_to(tmp_path)}
    staff = {p.relative_to(staff_dir(tmp_path)).as_posix() for p in changed if p.is_relative_to(staff_dir(tmp_path))}
    pages = {"index.html", f"partners/{BIR.id}/index.html"}  # same generation time: other pages unchanged
    feeds = {*FEEDS, *(f"{d}/{name}" for d in ("sv", f"partners/{BIR.id}") for name in FEEDS)}
    assert (public, staff) == (feeds | pages, pages)


# --- selection -------------------------------------------------------------------------------


def test_max_items_cuts_each_feed(tmp_path: Path, site, statuses) -> None:
    many = [story(n, "ru" if n % 2 else "sv") for n in range(1, 8)]
    publish_all(tmp_path, site, many, statuses, max_items=2)
    assert [e.id for e in parsed(tmp_path / "feed.atom").entries] == [many[0].id, many[1].id]
    assert [e.id for e in parsed(tmp_path / "feed.rss").entries] == [many[0].id, many[1].id]
    assert len(json.loads((tmp_path / "feed.json").read_text())["items"]) == 2
    assert [e.id for e in parsed(tmp_path / "ru" / "feed.atom").entries] == [many[0].id, many[2].id]
    assert [e.id for e in parsed(tmp_path / "sv" / "feed.rss").entries] == [many[1].id, many[3].id]


def test_ties_are_ordered_by_id(tmp_path: Path, site, statuses) -> None:
    same_time = [story(n, "en", published=T0, updated=T0) for n in (3, 1, 2)]
    publish_all(tmp_path, site, same_time, statuses)
    ids = [e.id for e in parsed(tmp_path / "feed.atom").entries]
    assert ids == sorted(ids)


def test_no_stories_gives_valid_stable_feeds(tmp_path: Path, site, statuses) -> None:
    publish_all(tmp_path, site, [], statuses)
    atom = parsed(tmp_path / "feed.atom")
    # Nothing collected at all: the one date there is, the publish time (test_publish_dates.py).
    assert atom.entries == [] and atom.feed.updated == site.generated_at.isoformat()
    assert json.loads((tmp_path / "feed.json").read_text())["items"] == []
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["partners"]  # no language seen
    assert json.loads((tmp_path / "partners" / BIR.id / "feed.json").read_text())["items"] == []
    assert "No stories yet" in (tmp_path / "index.html").read_text("utf-8")


def test_max_items_must_be_positive(tmp_path: Path, site) -> None:
    with pytest.raises(ValueError):
        publish_all(tmp_path, site, [], [], max_items=0)


# --- what the staff pages say ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "http_status", "words"),
    [
        pytest.param("timeout", None, "did not answer in time", id="timeout"),
        pytest.param("dns failed", None, "domain name could not be found", id="dns"),
        pytest.param("blocked by robots.txt", None, "robots.txt asks crawlers like us", id="robots"),
        pytest.param("unusable content", None, "selectors in sources.yaml", id="layout changed"),
        pytest.param("HTTP 404", 404, "no longer exists on the site (HTTP 404)", id="404"),
        pytest.param("HTTP 403", 403, "refused us access (HTTP 403)", id="403"),
        pytest.param("HTTP 429", 429, "asked us to slow down", id="429"),
        pytest.param("HTTP 502", 502, "server error (HTTP 502)", id="5xx"),
        pytest.param("HTTP 418", 418, "answered with an error (HTTP 418)", id="other status"),
        # A kind this table does not know yet still says something true.
        pytest.param("martian error", None, "The last fetch failed (martian error).", id="unknown kind"),
    ],
)
def test_failure_words(outcome: str, http_status: int | None, words: str) -> None:
    assert words in failure_words(outcome, http_status)


def test_posts_chart_months_end_with_the_current_one() -> None:
    chart = posts_chart([0] * 11 + [5], datetime(2026, 1, 15, tzinfo=UTC))
    assert chart is not None
    assert [bar.label for bar in chart.bars][:2] == ["Feb 2025", "Mar 2025"]
    assert chart.bars[-1].label == "Jan 2026" and chart.bars[-1].current
    assert chart.bars[-1].height == chart.plot_height and chart.bars[0].height == 1.0  # hairline for zero
    assert chart.total == 5 and chart.busiest is chart.bars[-1]
    assert posts_chart([], datetime(2026, 1, 15, tzinfo=UTC)) is None


@pytest.mark.skipif(
    not {"gone", "moved_to"} <= {f.name for f in fields(SourceStatus)}, reason="SourceStatus has no gone/moved_to yet"
)
def test_gone_and_moved_sources_say_what_to_do(tmp_path: Path, site, statuses) -> None:
    moved = replace(statuses[0], moved_to="https://birduino.example.kg/new-feed/")
    gone = replace(statuses[1], gone=True, outcome="gone", http_status=410)
    publish_all(tmp_path, site, [], [moved, gone])
    page = lxml.html.fromstring((staff_dir(tmp_path) / "index.html").read_bytes())
    bir = " ".join(page.get_element_by_id(f"partner-{BIR.id}").text_content().split())
    assert "moved for good to https://birduino.example.kg/new-feed/" in bir and "sources.yaml" in bir
    kibhr = page.get_element_by_id(f"partner-{KIBHR.id}")
    assert "gone" in kibhr.get("class").split()
    assert "gone for good (HTTP 410)" in kibhr.text_content()
    opml = etree.parse(str(tmp_path / "sources.opml")).getroot()
    partners = {o.get("text"): o.get("xmlUrl") for o in opml.find("body").find("outline").findall("outline")}
    assert partners[BIR.name] == "https://birduino.example.kg/new-feed/"  # what we poll now
