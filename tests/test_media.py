"""A story's lead image, attachments and tags: read from every feed format on both parser paths,
cleaned (addresses as safe as links, tags trimmed and unique, caps), stored, and kept from the
public when the source that gave them may not be republished."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest

from aggregator.clean import to_items
from aggregator.limits import MAX_ATTACHMENTS, MAX_TAG, MAX_TAGS
from aggregator.media import clean_attachments, clean_tags, media_url
from aggregator.models import Attachment, FetchResult, ParsedPage, RawEntry, SourceConfig
from aggregator.parse.article import merge_article, read_article
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import feed_bytes, parse_with_feedparser
from aggregator.store import Store
from aggregator.visibility import decide
from tests.media_sample import BASE, MEDIA, NOW, SOURCES, collected, items_of

EXPECTED = json.loads((MEDIA / "expected.json").read_text(encoding="utf-8"))


def _media(item: object) -> dict[str, object]:
    return {
        "title": item.title,
        "image": item.image,
        "attachments": [[a.url, a.type, a.length] for a in item.attachments],
        "tags": list(item.tags),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_keeps_its_media_cleaned(name: str) -> None:
    assert [_media(item) for item in items_of(name)] == EXPECTED[name]


@pytest.mark.parametrize("name", ["rss-ru-ky.xml", "atom-sv.xml"])
def test_both_parser_paths_read_the_same_media(name: str) -> None:
    body = feed_bytes((MEDIA / name).read_text(encoding="utf-8"))
    fast = parse_fast(body, BASE)
    assert fast is not None, "the fast path should take these well-formed feeds"
    slow = parse_with_feedparser(body, BASE)
    kept = [(e.image, e.attachments, e.tags) for e in fast.entries]
    assert kept == [(e.image, e.attachments, e.tags) for e in slow.entries]
    assert any(image for image, _, _ in kept) and any(files for _, files, _ in kept)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo=", "ftp://partner.test/a.pdf", "/relative.jpg", ""],
)
def test_only_web_addresses_are_media(url: str) -> None:
    assert media_url(url) is None
    assert clean_attachments([Attachment(url, "application/pdf", 10)]) == ()


def test_media_addresses_lose_tracking_and_are_escaped() -> None:
    assert media_url("HTTPS://Partner.test/a b.jpg?utm_source=rss&id=3") == "https://partner.test/a%20b.jpg?id=3"
    assert media_url('http://partner.test/"><script>.jpg') == "http://partner.test/%22%3E%3Cscript%3E.jpg"


def test_attachments_are_capped_unique_and_typed() -> None:
    files = [Attachment(f"http://partner.test/{n}.pdf", "application/pdf", n) for n in range(MAX_ATTACHMENTS + 3)]
    files.insert(1, files[0])  # the same file twice
    kept = clean_attachments(files, image="http://partner.test/2.pdf")
    assert len(kept) == MAX_ATTACHMENTS
    assert [a.url for a in kept][:3] == [f"http://partner.test/{n}.pdf" for n in (0, 1, 3)]
    odd = clean_attachments([Attachment("http://partner.test/x", "not a type <b>", -5)])
    assert odd == (Attachment("http://partner.test/x", "", 0),)


def test_tags_are_trimmed_deduplicated_by_case_and_capped() -> None:
    assert clean_tags(["  Права человека ", "ПРАВА ЧЕЛОВЕКА", "права\n человека", "", " ", "Kyrgyzstan"]) == (
        "Права человека",
        "Kyrgyzstan",
    )
    assert clean_tags(["İstanbul", "i̇stanbul"]) == ("İstanbul",)  # case-folded, not just lower-cased
    many = clean_tags([f"tag {n}" for n in range(40)])
    assert len(many) == MAX_TAGS
    assert all(len(tag) <= MAX_TAG for tag in clean_tags(["x" * 500, "word " * 40]))
    assert clean_tags(["bad\x00char\x1b"]) == ("badchar",)  # nothing XML cannot carry


def test_hostile_media_never_stops_an_item() -> None:
    entry = RawEntry(
        link="http://partner.test/post",
        title="A post",
        image="javascript:alert(1)",
        attachments=(Attachment("http://[::1", "x" * 10_000, 10**30), Attachment("\x00", "", 0)),
        tags=("\ud800", "x" * 1_000_000),
    )
    page = ParsedPage(kind="feed", entries=(entry,))
    (item,) = to_items(page, SourceConfig("s", "S", "http://partner.test/"), excerpt_length=300, now=NOW)
    assert item.image is None and item.attachments == ()
    assert item.tags == ("x" * MAX_TAG,)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = collected(database_url)
    yield store
    store.close()


def test_stored_stories_keep_their_media(store: Store) -> None:
    stories = {story.title: story for story in store.latest_stories(100)}
    for name in EXPECTED:
        for want in EXPECTED[name]:
            assert _media(stories[want["title"]]) == want


def test_an_edited_item_replaces_its_media(store: Store) -> None:
    source = SOURCES["atom-sv.xml"]
    first, second = items_of("atom-sv.xml")
    edited = dataclasses.replace(first, summary="Rättad sammanfattning.", tags=("Ny tagg",), image=None, attachments=())
    result = FetchResult(url=source.url, outcome="ok", status=200)
    store.record_collection(source, result, [edited, second], now=NOW, fetch_url=None)
    stories = {story.title: story for story in store.latest_stories(100)}
    assert _media(stories[first.title]) == {"title": first.title, "image": None, "attachments": [], "tags": ["Ny tagg"]}
    assert stories[second.title].attachments == second.attachments


def test_a_stand_in_for_a_monitor_only_source_carries_none_of_its_media(store: Store) -> None:
    """The Swedish report, seen also by the (public) Polish partner: when the Swedish source is
    monitor only, the Polish sighting stands in, without the Swedish image, files or tags."""
    report = items_of("atom-sv.xml")[0]
    polish = SOURCES["json-pl.json"]
    copy = dataclasses.replace(
        report, source_id=polish.id, guid="pl-copy", title="Raport: przestrzeń społeczeństwa obywatelskiego",
        image=None, attachments=(), tags=(),
    )  # fmt: skip
    store.record_collection(
        polish, FetchResult(url=polish.url, outcome="ok", status=200), [copy], now=NOW, fetch_url=None
    )
    watched = dataclasses.replace(SOURCES["atom-sv.xml"], publish=False)
    sources = [watched, SOURCES["rss-ru-ky.xml"], polish]
    seen = decide(store.latest_stories(100), sources, ())
    (stand_in,) = [story for story in seen.public if story.url == report.url]
    assert stand_in.source.id == polish.id
    assert (stand_in.image, stand_in.attachments, stand_in.tags) == (None, (), ())
    swedish = {"http://partner.test/sv/bilder/rapport.jpg", "http://partner.test/sv/filer/rapport.pdf"}
    published = {story.image for story in seen.public} | {a.url for s in seen.public for a in s.attachments}
    assert not swedish & published
    assert not {"Mänskliga rättigheter", "Podd"} & {tag for story in seen.public for tag in story.tags}


def test_an_article_page_read_anyway_gives_its_image_and_tags() -> None:
    """og:image (else JSON-LD image) and article:tag complete an entry that had none; the feed's
    own media win."""
    page = """<html lang="ky"><head><title>Жаңылык</title>
      <meta property="og:image" content="/uploads/2026/12/photo.jpg?utm_source=og">
      <meta property="article:tag" content="Укук"><meta property="article:tag" content="укук">
      <meta property="article:tag" content="Ош">
      <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Жаңылык",
        "image": [{"@type": "ImageObject", "url": "https://partner.test/ld.jpg"}]}</script>
      </head><body><h1>Жаңылык</h1></body></html>"""
    meta = read_article(page, "https://partner.test/ky/news/5")
    assert meta.image == "https://partner.test/uploads/2026/12/photo.jpg?utm_source=og"
    assert read_article(page.replace('property="og:image"', 'property="x"'), "https://partner.test/").image == (
        "https://partner.test/ld.jpg"
    )
    entry = merge_article(RawEntry(link="https://partner.test/ky/news/5", title="Жаңылык"), meta)
    (item,) = to_items(ParsedPage(kind="html", entries=(entry,)), SOURCES["rss-ru-ky.xml"], excerpt_length=300, now=NOW)
    assert item.image == "https://partner.test/uploads/2026/12/photo.jpg"
    assert item.tags == ("Укук", "Ош")
    own = merge_article(RawEntry(link="https://partner.test/x", title="X", image="https://partner.test/own.jpg"), meta)
    assert own.image == "https://partner.test/own.jpg"
