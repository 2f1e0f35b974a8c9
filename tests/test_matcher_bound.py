"""The near-duplicate matcher's work per new item is bounded whatever the text: press releases
from one template (one headline, one boilerplate, other counts and dates) give every new post
hundreds of candidates, and still only a few stored stories are read per index key and a few
word alignments run per item; a real copy among them is still found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator import fingerprint
from aggregator.dedup import matcher as matcher_module
from aggregator.dedup.matcher import MAX_CANDIDATES, MAX_EXAMINED, Matcher, StoredStory
from aggregator.models import Item

NOW = datetime(2026, 5, 1, tzinfo=UTC)
TITLE = "Volunteers hold a workshop on water rights in Naryn"
BOILERPLATE = (
    "The project is supported by local partners and runs for two years. All participants received a "
    "handbook and a certificate at the end. The next meeting will be open to parents and officials."
)


def _release(n: int) -> str:
    """Release number `n` of the template: another day, another count, the same boilerplate."""
    return f"On {1 + n % 28} April, {10 + n} volunteers from Naryn came together on water rights. {BOILERPLATE}"


def _stored(n: int, summary: str | None = None, source: str = "other") -> StoredStory:
    text = summary or _release(n)
    value = fingerprint.simhash(fingerprint.fingerprint_text(TITLE, text))
    published = NOW - timedelta(hours=n)
    return StoredStory(f"story-{n}", None, None, TITLE, text, f"https://{source}.example/{n}", "en", published,
                       source, fingerprint.to_signed(value))  # fmt: skip


def _item(summary: str) -> Item:
    return Item(source_id="mine", guid="g", url="https://mine.example/new", title=TITLE, summary=summary,
                language="en", published=NOW)  # fmt: skip


def _fed(item: Item, stored: list[StoredStory]) -> Matcher:
    """A matcher fed as the store feeds it: every stored story under every key it shares."""
    matcher = Matcher([item], {}, {}, NOW)
    wanted = set(matcher.index_keys_wanted())
    hits = []
    for story in stored:
        known = fingerprint.from_signed(story.fingerprint)
        for key in fingerprint.lookup_keys(story.title, known):
            if key in wanted:
                hits.append((key, story.fingerprint))
    close = matcher.close_hits(hits)
    per_key: dict[int, int] = {}
    for key, _ in close:
        per_key[key] = per_key.get(key, 0) + 1
    assert max(per_key.values()) <= MAX_CANDIDATES  # stories read per key, however many share it
    fingerprints = {value for _, value in close}
    matcher.add_stored(close, [story for story in stored if story.fingerprint in fingerprints])
    matcher.version_lookup()
    matcher.add_versions([])
    return matcher


@pytest.fixture
def alignments(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the word alignments (same_story decisions) the matcher asks for."""
    calls: list[int] = []
    decide = fingerprint.same_story

    def counted(new, known) -> bool:
        calls.append(1)
        return decide(new, known)

    monkeypatch.setattr(matcher_module.fingerprint, "same_story", counted)
    return calls


def test_a_template_release_among_hundreds_of_others_costs_a_few_alignments(alignments: list[int]) -> None:
    stored = [_stored(n) for n in range(300)]
    matcher = _fed(_item(_release(500)), stored)
    item = _item(_release(500))
    assert matcher.near_duplicate(item) is None  # another release: its own story
    assert len(alignments) <= MAX_EXAMINED
    # Stored under its fingerprint's band keys only: the headline's rows stop growing.
    title = fingerprint.title_key(TITLE)
    assert title not in matcher.index_keys(item)
    assert set(fingerprint.band_keys(matcher.candidate(item).fingerprint)) <= matcher.index_keys(item)


def test_a_headline_shared_by_a_few_stories_still_indexes_new_ones() -> None:
    item = _item(_release(500))
    matcher = _fed(item, [_stored(n) for n in range(3)])
    assert matcher.near_duplicate(item) is None
    assert fingerprint.title_key(TITLE) in matcher.index_keys(item)


def test_a_real_copy_among_template_releases_is_still_found(alignments: list[int]) -> None:
    original = _stored(7, source="partner")
    stored = [original] + [_stored(n) for n in range(100, 400)]
    # The repost: the same release cut shorter, under the same headline.
    copy = _item(_release(7).rsplit(" The next meeting", 1)[0])
    matcher = _fed(copy, stored)
    assert matcher.near_duplicate(copy) == "story-7"
    assert len(alignments) <= MAX_EXAMINED


def test_the_cheap_test_rules_out_releases_telling_other_numbers_and_keeps_copies() -> None:
    def candidate(text: str, source: str) -> fingerprint.Candidate:
        return fingerprint.candidate(title=TITLE, summary=text, url=f"https://{source}.example/1", language="en",
                                     published=NOW, source_id=source)  # fmt: skip

    release = candidate(_release(3), "partner")
    other_release = candidate(_release(41), "other")
    copy = candidate("Repost: " + _release(3), "other")
    assert not fingerprint.might_be_same_story(other_release, release)
    assert not fingerprint.same_story(other_release, release)
    assert fingerprint.might_be_same_story(copy, release) and fingerprint.same_story(copy, release)
