"""Recall on posts nobody here wrote (issue 22), through the store and end to end: a digest's
repost under a headline of its own joins the partner's story a pass later; a phrase many posts
share finds nothing; the development web (fixtures/dedup-eval/web-own), served on 127.0.0.1,
collected and published, keeps every hard negative apart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.models import CacheInfo, FetchResult, Item, SourceConfig
from aggregator.store import Store
from bench import dedup_web

NOW = datetime(2026, 11, 30, tzinfo=UTC)
PARTNER = SourceConfig("feminita", "Feminita", "https://feminita.example.kz/feed/", "feed", ("en",))
DIGEST = SourceConfig("ca-digest", "Digest", "https://cadigest.example.org/feed/", "feed", ("en",))
OK = FetchResult(url="https://example.org/feed/", outcome="ok", status=200, cache=CacheInfo())
HOTLINE = (
    "Feminita has opened a free hotline for lesbian, bisexual and queer women in Kazakhstan. Counsellors "
    "answer calls and messages from 10 am to 10 pm in Russian and Kazakh, and can refer callers to lawyers."
)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([PARTNER, DIGEST])
    yield store
    store.close()


def _item(source: str, n: int, title: str, summary: str, published: datetime) -> Item:
    url = f"https://{source}.example.org/{n}/"
    return Item(source, url, url, title, summary, "en", published, raw_title=title)


def test_a_digests_repost_under_its_own_headline_joins_the_story_a_pass_later(store: Store) -> None:
    when = datetime(2026, 11, 16, 5, tzinfo=UTC)
    original = _item("feminita", 1, "Feminita opens a hotline for queer women", HOTLINE, when)
    repost = _item(
        "ca-digest",
        2,
        "Weekly roundup — a new helpline in Kazakhstan",
        HOTLINE.replace("has opened", "opened").replace("hotline", "helpline")[:170],
        when + timedelta(days=1),
    )
    store.record_collection(PARTNER, OK, [original], now=NOW, fetch_url=None)
    saved = store.record_collection(DIGEST, OK, [repost], now=NOW + timedelta(hours=1), fetch_url=None)
    (story,) = store.latest_stories(10)
    assert saved.new == 0 and [ref.id for ref in story.also_published_by] == ["ca-digest"]


def test_an_undated_news_page_copy_of_an_older_post_joins_it(store: Store) -> None:
    # The page gives no date: it is not "today's" post, months after the feed's.
    months_ago = NOW - timedelta(days=150)
    original = _item("feminita", 1, "Feminita opens a hotline for queer women", HOTLINE, months_ago)
    page = Item("feminita", "page-1", "https://feminita.example.kz/?p=1", original.title, HOTLINE[:120], "en", None)
    store.record_collection(PARTNER, OK, [original], now=NOW, fetch_url=None)
    saved = store.record_collection(PARTNER, OK, [page], now=NOW + timedelta(hours=1), fetch_url=None)
    assert saved.new == 0 and len(store.latest_stories(10)) == 1


def test_posts_sharing_only_a_boilerplate_sentence_stay_apart(store: Store) -> None:
    boilerplate = "The project is supported by partners in Sweden and Poland through the youth exchange programme."
    posts = [
        _item("feminita", n, f"Workshop number {n} for {town} activists", f"{boilerplate} In {town} {n} people came.",
              NOW - timedelta(days=3, hours=n))
        for n, town in enumerate(["Almaty", "Astana", "Shymkent", "Taraz", "Aktobe", "Oral"], start=1)
    ]  # fmt: skip
    store.record_collection(PARTNER, OK, posts, now=NOW, fetch_url=None)
    assert len(store.latest_stories(10)) == len(posts)


def test_the_development_web_end_to_end() -> None:
    result = dedup_web.evaluate_web(dedup_web.EVAL_DIR / "web-own")
    assert result.hard_negatives >= 10 and result.hard_negatives_merged == 0
    assert result.precision == 1.0, result.false_merges
    assert result.recall >= 0.95, result.misses
    assert result.unpublished == 0 and result.source_mismatches == 0
