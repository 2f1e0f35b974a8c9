"""`full_text: true` sources: items their feed gives as a title alone take their excerpt from
the article page's main text (aggregator.parse.maintext), end to end over a local server
serving a title-only feed and article pages with menus, ads and comments around the article."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aggregator.collect as collect
from aggregator.cli import main
from aggregator.collect import collect_pass
from aggregator.config_reader import ConfigError
from aggregator.models import FetchResult, RawEntry
from aggregator.parse.article import ArticleMeta, merge_article
from aggregator.parse.maintext import main_text, text_without_headings, thin_entry
from aggregator.store import Store
from aggregator.understand import article_meta
from tests.configs import make_config
from tests.hostile import HostileServer, body
from tests.test_fuzz_parse import _fetched, documents

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fulltext"
TRUTH = json.loads((FIXTURES / "ground-truth.json").read_text(encoding="utf-8"))
PAGES = sorted(TRUTH)
# Words that only the page around the article has: menus, ads, comments, footers.
AROUND = ["Комментарии", "Реклама", "Пикирлер", "Жарнама", "Advertisement", "Leave a Reply", "Пікірлер", "©", "cookies"]


def _first_sentence(name: str) -> str:
    return re.split(r"(?<=\.)\s", TRUTH[name]["articleBody"])[0]


def _title(name: str) -> str:
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0].split(" — ")[0].split(" | ")[0].split(" - Central")[0]


def _feed(names: list[str], base: str, one_line: dict[str, str] | None = None) -> bytes:
    items = "".join(
        f"<item><title>{_title(name)}</title><link>{base}/articles/{name}</link><guid>{base}/articles/{name}</guid>"
        + (f"<description>{(one_line or {})[name]}</description>" if name in (one_line or {}) else "")
        + f"<pubDate>Mon, 0{1 + index} Dec 2026 08:00:00 +0000</pubDate></item>"
        for index, name in enumerate(names)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Partner</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _routes(names: list[str]) -> dict:
    return {f"/articles/{name}": body((FIXTURES / f"{name}.html").read_bytes(), "text/html") for name in names}


def _published(tmp_path: Path, server: HostileServer, full_text: bool) -> dict[str, dict]:
    source = {"id": "partner", "url": server.url("/feed"), "type": "feed", "full_text": full_text}
    make_config(tmp_path, [source], write=True, fetch={"allow_private_networks": True})
    assert main(["--config", str(tmp_path / "sources.yaml"), "run", "--once"]) == 0
    feed = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))
    return {item["url"].rsplit("/", 1)[1]: item for item in feed["items"]}


# --- end to end ------------------------------------------------------------------------------


def test_full_text_publishes_the_articles_first_sentences(tmp_path: Path) -> None:
    one_line = {"cag-en": "Farmers ask for a say."}  # a feed's one-line teaser is thin too
    with HostileServer({}) as server:
        server.routes = {"/feed": body(_feed(PAGES, server.url(""), one_line))} | _routes(PAGES)
        items = _published(tmp_path, server, full_text=True)
    assert sorted(items) == PAGES
    for name, item in items.items():
        summary = item.get("summary") or item.get("content_text") or ""
        assert summary.startswith(_first_sentence(name)), (name, summary)
        assert not any(word in summary for word in AROUND), (name, summary)
        assert item["title"] == _title(name)  # the feed's title stays; the headline is not repeated
    assert sorted(hit for hit in server.hits if hit.startswith("/articles/")) == [f"/articles/{n}" for n in PAGES]


def test_without_full_text_title_only_items_stay_as_the_feed_gave_them(tmp_path: Path) -> None:
    with HostileServer({}) as server:
        server.routes = {"/feed": body(_feed(PAGES, server.url("")))} | _routes(PAGES)
        items = _published(tmp_path, server, full_text=False)
    assert sorted(items) == PAGES
    for item in items.values():
        assert (item["summary"], item["content_text"]) == ("", "")  # a title alone, as the feed gave it
    assert not [hit for hit in server.hits if hit.startswith("/articles/")]  # no article page read


def test_full_text_leaves_items_with_their_own_text_alone(tmp_path: Path) -> None:
    name = "ombudsman-ru"
    own = "Собственный текст партнёра в ленте, длинный, из нескольких предложений. " * 4
    with HostileServer({}) as server:
        server.routes = {"/feed": body(_feed([name], server.url(""), {name: own}))} | _routes([name])
        items = _published(tmp_path, server, full_text=True)
    assert items[name]["summary"].startswith("Собственный текст партнёра")
    assert not [hit for hit in server.hits if hit.startswith("/articles/")]


def test_cap_on_article_pages_and_an_excerpt_kept_when_the_feed_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(collect, "MAX_ARTICLES_PER_PASS", 2)
    with HostileServer({}) as server:
        base = server.url("")
        server.routes = {"/feed": body(_feed(PAGES[:3], base))} | _routes(PAGES)
        source = {"id": "partner", "url": server.url("/feed"), "type": "feed", "full_text": True}
        config = make_config(tmp_path, [source], fetch={"allow_private_networks": True})
        store = Store(config.database)
        store.create_schema()
        first = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        read_first = [hit for hit in server.hits if hit.startswith("/articles/")]
        before = {story.url.rsplit("/", 1)[1]: story.summary for story in store.latest_stories(10)}
        server.hits.clear()
        server.routes["/feed"] = body(_feed(PAGES, base))  # one more item: the feed is parsed again
        second = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        after = {story.url.rsplit("/", 1)[1]: story.summary for story in store.latest_stories(10)}
    assert (first.outcome, first.new, len(read_first)) == ("ok", 3, 2)  # three new items, two articles read
    read = [hit.rsplit("/", 1)[1] for hit in read_first]
    assert all(before[name].startswith(_first_sentence(name)) for name in read)
    assert second.new == 1
    assert [hit.rsplit("/", 1)[1] for hit in server.hits if hit.startswith("/articles/")] == [PAGES[3]]
    assert all(after[name] == before[name] for name in read)  # the feed's title-only copy changed nothing
    assert after[PAGES[3]].startswith(_first_sentence(PAGES[3]))


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_main_text_opens_with_the_article(name: str) -> None:
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    text = main_text(html, TRUTH[name]["url"]) or ""
    assert text.startswith(_first_sentence(name))
    # An ad set inside the article's own block between paragraphs ("Реклама: курсы…") is kept by
    # the library; the excerpt, the article's opening, does not reach it (the test above).
    assert not any(word in text for word in AROUND if word != "Реклама")


def test_thin_entries() -> None:
    title = "Омбудсмен получил сто жалоб"
    assert thin_entry(RawEntry(title=title, link=None))
    assert thin_entry(RawEntry(title=title, link=None, summary=f"<p>{title}</p>"))
    assert thin_entry(RawEntry(title=title, link=None, summary="Читать далее…"))
    assert not thin_entry(RawEntry(title=title, link=None, summary="Слово " * 50))
    assert not thin_entry(RawEntry(title=title, link=None, summary="", content="<p>" + "Текст. " * 40 + "</p>"))


def test_merge_takes_main_text_for_thin_entries_only() -> None:
    meta = ArticleMeta(description="Site teaser.", main_text="First a < b line.\nSecond paragraph.")
    merged = merge_article(RawEntry(title="T", link="http://x/1"), meta)
    assert merged.summary == "<p>First a &lt; b line.</p><p>Second paragraph.</p>"
    rich = RawEntry(title="T", link=None, summary="Own words " * 30)
    assert merge_article(rich, meta).summary == rich.summary
    assert (
        merge_article(RawEntry(title="T", link=None), ArticleMeta(description="Site teaser.")).summary == "Site teaser."
    )


def test_headings_are_left_out_and_paragraphs_kept_apart() -> None:
    fragment = "<div><h1>Headline</h1><p>One <b>bold</b> line.</p><h2>Section</h2><p>Two.</p></div>"
    assert text_without_headings(fragment) == "One bold line.\nTwo."
    assert text_without_headings("") == "" and text_without_headings("<<<") == "<<<"


# --- hostile pages ---------------------------------------------------------------------------

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=documents())
def test_reading_any_article_page_for_its_main_text_never_raises(document: tuple[bytes, str]) -> None:
    meta = article_meta(_fetched(*document), full_text=True)
    assert meta.main_text is None or isinstance(meta.main_text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=st.binary(max_size=4000), url=st.text(max_size=40))
def test_main_text_of_any_bytes_never_raises(raw: bytes, url: str) -> None:
    result = FetchResult(url="http://x.test/a", outcome="ok", status=200, content_type="text/html", body=raw)
    text = main_text(result.text, url)
    assert text is None or len(text) >= 1


def test_main_text_of_odd_values() -> None:
    assert main_text("", "http://x/") is None
    assert main_text(None, "http://x/") is None  # type: ignore[arg-type]
    assert main_text("<html><body><p>short</p></body></html>", "") is None  # a stub, not an article
    deep = "<div>" * 5000 + "<p>" + "deep text " * 40 + "</p>"  # nesting past the recursion limit
    assert main_text(deep, "http://x/") is None or "deep text" in (main_text(deep, "http://x/") or "")


# --- config ----------------------------------------------------------------------------------


def test_full_text_is_off_unless_a_source_says_true(tmp_path: Path) -> None:
    config = make_config(
        tmp_path,
        [{"id": "a", "url": "https://a.example/feed"}, {"id": "b", "url": "https://b.example/feed", "full_text": True}],
    )
    assert [source.full_text for source in config.sources] == [False, True]
    with pytest.raises(ConfigError, match="full_text"):
        make_config(tmp_path, [{"id": "c", "url": "https://c.example/feed", "full_text": "sometimes"}])
