"""Links as published, keys that recognise the same page, and permanent story ids."""

from __future__ import annotations

import pytest

from aggregator.dedup import KnownSighting, clean_url, content_hash, item_hash, plan_saves, story_id, url_key
from aggregator.models import Item


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("https://centralasien.org/sv/2019/05/29/post/?utm_source=rss&utm_medium=rss", "https://centralasien.org/sv/2019/05/29/post/", id="utm-removed-slash-kept"),
        pytest.param("HTTPS://NoviRitm.org:443/kg/post#comments", "https://noviritm.org/kg/post#comments", id="case-port-fragment-kept"),
        # Issue 19: the partner's link as written, fragment and query byte for byte, trackers aside.
        pytest.param("http://scripting.com/2026/12/07.html#a051234", "http://scripting.com/2026/12/07.html#a051234", id="item-fragment-kept"),
        pytest.param("https://example.org/wiki?r123", "https://example.org/wiki?r123", id="bare-query-kept"),
        pytest.param("https://example.org/a?b=%7e&a=1+2&&c=", "https://example.org/a?b=%7e&a=1+2&&c=", id="query-bytes-kept"),
        pytest.param("https://example.org/a?utm_source=rss&id=5#comment-6", "https://example.org/a?id=5#comment-6", id="tracker-out-fragment-in"),
        pytest.param("https://example.org/a?r1&utm_medium=feed#utm_source=rss&utm_campaign=x", "https://example.org/a?r1", id="tracking-fragment-removed"),
        pytest.param("http://example.org:8080/a?id=5&fbclid=XYZ&gclid=1", "http://example.org:8080/a?id=5", id="click-ids-removed-real-param-kept"),
        pytest.param("https://example.org/a?yclid=1&_ga=2&mc_cid=3&mc_eid=4&page=2", "https://example.org/a?page=2", id="more-trackers"),
        pytest.param("https://example.org", "https://example.org/", id="empty-path"),
        pytest.param("  https://example.org/x  ", "https://example.org/x", id="whitespace"),
        pytest.param("mailto:info@example.org", "", id="not-http"),
        pytest.param("/relative/path", "", id="relative"),
        pytest.param("http://[::1:bad/", "", id="broken"),
    ],
)  # fmt: skip
def test_clean_url(raw: str, clean: str) -> None:
    assert clean_url(raw) == clean


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("https://cabar.asia/en/post/", "https://cabar.asia/en/post", id="trailing-slash"),
        pytest.param("https://cabar.asia/en/post/amp/", "https://cabar.asia/en/post/", id="amp-path"),
        pytest.param("https://cabar.asia/en/post?amp", "https://cabar.asia/en/post", id="amp-query"),
        pytest.param("https://x.kg/a?b=2&a=1", "https://x.kg/a?a=1&b=2", id="query-order"),
        pytest.param("https://x.kg/%D0%BE%D1%88", "https://x.kg/ош", id="percent-encoding"),
        pytest.param("https://x.kg/a?utm_campaign=z", "https://X.KG/a#top", id="tracking-and-fragment"),
        pytest.param("https://x.kg/post/#more-123", "https://x.kg/post/", id="read-more-anchor"),
        pytest.param("https://x.kg/post#main", "https://x.kg/post", id="skip-link-anchor"),
        pytest.param("https://x.kg/post#comments", "https://x.kg/post", id="comments-section-anchor"),
        pytest.param("https://x.kg/post#:~:text=Osh", "https://x.kg/post", id="text-fragment"),
        pytest.param("https://x.kg/wiki?r123", "https://x.kg/wiki?r123=", id="bare-query-same-page"),
    ],
)  # fmt: skip
def test_same_page_same_key(first: str, second: str) -> None:
    assert url_key(first) == url_key(second) != ""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("https://x.kg/news?id=1", "https://x.kg/news?id=2", id="real-query-differs"),
        pytest.param("https://x.kg/ru/post", "https://x.kg/en/post", id="language-path-differs"),
        pytest.param("http://x.kg:8080/a", "http://x.kg/a", id="port-differs"),
        pytest.param("http://scripting.com/2026/12/07.html#a051234", "http://scripting.com/2026/12/07.html#a061500", id="item-fragment-differs"),
        pytest.param("https://x.kg/post#comment-5", "https://x.kg/post#comment-6", id="comment-permalinks-differ"),
        pytest.param("https://x.kg/post#comment-5", "https://x.kg/post", id="comment-is-not-the-post"),
    ],
)  # fmt: skip
def test_different_pages_different_keys(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_story_id_is_a_stable_uri() -> None:
    key = url_key("https://centralasien.org/sv/2019/05/29/post/")
    assert story_id(key) == story_id(key)
    assert story_id(key).startswith("urn:uuid:")
    # Pinned: changing how ids are made would make every published item "new" again.
    assert story_id("https://example.org/a") == "urn:uuid:17233731-68b4-599c-906c-960df16c5872"


def test_content_hash_changes_with_any_field() -> None:
    base = content_hash("a", "b", None)
    assert base == content_hash("a", "b", None)
    assert base != content_hash("a", "b", "c") and base != content_hash("ab", "", None)


def _item(guid: str, url: str, title: str = "T", published: object = None) -> Item:
    return Item(source_id="s", guid=guid, url=url, title=title, summary="S", language="en", published=published)  # type: ignore[arg-type]


def test_plan_new_repeat_edit_and_known_elsewhere() -> None:
    fresh = _item("g1", "https://x.org/a/")
    repeat = _item("g2", "https://x.org/b/")
    edited = _item("g3", "https://x.org/c/", title="Corrected")
    elsewhere = _item("g4", "https://x.org/d?utm_source=rss")
    known = {
        "g2": KnownSighting("story-b", item_hash(repeat)),
        "g3": KnownSighting("story-c", item_hash(_item("g3", "https://x.org/c/"))),
    }
    plan = plan_saves(
        [fresh, repeat, edited, elsewhere, fresh],  # the feed lists g1 twice
        known_sightings=known,
        story_by_key={url_key("https://x.org/d"): "story-d"},
    )
    assert plan.new_stories == [(story_id(url_key(fresh.url)), fresh, story_id(url_key(fresh.url)))]
    assert [(story, item.guid) for story, _, item in plan.edits] == [("story-c", "g3")]
    assert plan.gaps == [("story-d", elsewhere)]
    assert [(s.guid, s.story_id) for s in plan.new_sightings] == [
        ("g1", story_id(url_key(fresh.url))),
        ("g4", "story-d"),
    ]


def test_plan_two_guids_one_link_is_one_story_and_near_duplicates_join() -> None:
    first, second = _item("g1", "https://x.org/a"), _item("g2", "https://x.org/a/")
    copy = _item("g3", "https://other.org/repost")
    plan = plan_saves(
        [first, second, copy],
        known_sightings={},
        story_by_key={},
        near_duplicate=lambda item: "story-original" if item.guid == "g3" else None,
    )
    assert len(plan.new_stories) == 1
    assert [s.story_id for s in plan.new_sightings] == [plan.new_stories[0][0]] * 2 + ["story-original"]


def test_plan_items_that_differ_by_fragment_are_two_stories() -> None:
    """Issue 19: a day page's paragraphs (Scripting News), a post's comments: one feed, one
    page, an item per fragment."""
    items = [_item(f"g{n}", f"http://scripting.com/2026/12/07.html#a0{n}") for n in range(3)]
    plan = plan_saves(items, known_sightings={}, story_by_key={})
    assert [item.url for _, item, _ in plan.new_stories] == [item.url for item in items]
    assert len({story for story, _, _ in plan.new_stories}) == 3


def test_plan_language_version_joins_the_group_as_its_own_story() -> None:
    english, swedish = _item("g1", "https://x.org/en/post"), _item("g2", "https://x.org/sv/post")
    plan = plan_saves(
        [english, swedish],
        known_sightings={},
        story_by_key={},
        language_version=lambda item: "group-1" if item.guid == "g2" else None,
    )
    (first, _, first_group), (second, _, second_group) = plan.new_stories
    assert first != second and first_group == first and second_group == "group-1"
