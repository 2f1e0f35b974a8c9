"""What the store keeps for staff's decisions, on SQLite and PostgreSQL: each sighting's own
words, finding stories by id or address, withdrawals that outlive later passes, removed sources."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.models import FetchResult, Item, Sighting, SourceConfig, SourceRef, Withdrawal
from aggregator.store import FetchRecord, Gathered, Store, StoreError

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CAG = SourceConfig("cag", "Centralasiengrupperna", "https://centralasien.org/feed/", "feed", ("en",))
BLOG = SourceConfig("cag-blog", "CAG blog", "https://centralasien.org/sv/blogg/", "html", ("en",))
ADC = SourceConfig("adc", "ADC Memorial", "https://adcmemorial.org/feed/", "feed", ("en",))
OK = FetchResult(url="https://centralasien.org/feed/", outcome="ok", status=200)

# Long enough for the near-duplicate matcher to see a partner's repost under its own address as a copy.
REPORT = (
    "Lawyers from Osh and Jalal-Abad met in Bishkek to compare how courts in the south treat complaints "
    "of torture in police custody, and agreed on a joint monitoring plan for the coming year."
)


def item(n: int, source: str = "cag", **changes: object) -> Item:
    fields: dict[str, object] = {
        "source_id": source,
        "guid": f"{source}-{n}",
        "url": f"https://centralasien.org/en/2019/05/{n}/post",
        "title": f"Post {n}",
        "summary": f"Summary {n}",
        "language": "en",
        "published": datetime(2019, 5, n, 10, tzinfo=UTC),
    }
    fields.update(changes)
    return Item(**fields)  # type: ignore[arg-type]


def save(store: Store, source: SourceConfig, items: list[Item], at: datetime = NOW) -> None:
    store.record_collections([Gathered(FetchRecord(source, OK, None, at), items)])


def ref(source: SourceConfig) -> SourceRef:
    return SourceRef(source.id, source.name, source.url)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([CAG, BLOG, ADC])
    yield store
    store.close()


# --- sightings' own words -----------------------------------------------------------------------


def test_another_sources_sighting_keeps_its_own_link_and_words(store: Store) -> None:
    save(store, CAG, [item(1)])
    blog_copy = item(1, "cag-blog", url=item(1).url + "/", title="Blog: post 1", summary="Blog words")
    save(store, BLOG, [blog_copy], NOW + timedelta(hours=1))
    (story,) = store.latest_stories(10)
    assert story.title == "Post 1" and story.source == ref(CAG)  # the main source's words stay the story's
    assert story.sightings == (
        Sighting(ref(BLOG), blog_copy.url, "Blog: post 1", "Blog words", NOW + timedelta(hours=1)),
    )

    # The partner edits its item (same guid): the sighting follows, the story keeps its main source's words.
    save(store, BLOG, [replace(blog_copy, title="Blog: post 1, corrected")])
    (story,) = store.latest_stories(10)
    assert story.title == "Post 1"
    assert [(s.title, s.summary, s.first_seen_at) for s in story.sightings] == [
        ("Blog: post 1, corrected", "Blog words", NOW + timedelta(hours=1))
    ]


def test_sightings_are_one_per_other_source_its_earliest_in_source_order(store: Store) -> None:
    save(store, CAG, [item(1)])
    # cag-blog lists the post twice (two guids), the later one with other words; adc once.
    save(store, BLOG, [item(1, "cag-blog", guid="b-first", title="First words")], NOW + timedelta(hours=1))
    save(store, BLOG, [item(1, "cag-blog", guid="b-second", title="Later words")], NOW + timedelta(hours=2))
    save(store, ADC, [item(1, "adc", title="ADC words")], NOW + timedelta(hours=3))
    save(store, CAG, [item(1, guid="cag-again", title="Main again")], NOW + timedelta(hours=4))
    (story,) = store.latest_stories(10)
    assert [s.source.id for s in story.sightings] == ["adc", "cag-blog"]  # by source id; never the main one
    assert story.also_published_by == tuple(s.source for s in story.sightings)
    assert [(s.title, s.first_seen_at) for s in story.sightings] == [
        ("ADC words", NOW + timedelta(hours=3)),
        ("First words", NOW + timedelta(hours=1)),
    ]


def test_a_story_seen_by_its_main_source_only_has_no_sightings(store: Store) -> None:
    save(store, CAG, [item(1), item(2)])
    assert [story.sightings for story in store.latest_stories(10)] == [(), ()]


# --- finding stories ------------------------------------------------------------------------------


def test_find_stories_by_id_by_address_and_by_a_reposts_address(store: Store) -> None:
    save(store, CAG, [item(1, summary=REPORT, title="Lawyers compare torture cases"), item(2)])
    repost = item(7, "adc", url="https://adcmemorial.org/news/lawyers-compare", summary=REPORT,
                  title="Lawyers compare torture cases", published=datetime(2019, 5, 1, 12, tzinfo=UTC))  # fmt: skip
    save(store, ADC, [repost])
    by_url = {story.url: story for story in store.latest_stories(10)}
    first, second = by_url[item(1).url], by_url[item(2).url]
    assert [s.url for s in first.sightings] == [repost.url]  # a copy under the partner's own address

    assert store.find_stories(first.id) == [first]
    assert store.find_stories(second.id) == [second]
    # By address, spelled as a reader may paste it (tracking parameter, trailing slash, amp variant).
    assert store.find_stories(item(1).url) == [first]
    assert store.find_stories(item(1).url + "/?utm_campaign=x") == [first]
    assert store.find_stories(repost.url) == [first]
    assert store.find_stories(repost.url + "/amp/") == [first]
    assert store.find_stories(f"  {first.id}\n") == [first]  # pasted with spaces around
    unknown_refs = ("urn:uuid:00000000-0000-0000-0000-000000000000", "https://nowhere.example/a", "", "not a ref",
                    first.id + "\x00", item(1).url + "\x00")  # fmt: skip
    for unknown in unknown_refs:
        assert store.find_stories(unknown) == []


def test_an_address_two_stories_answer_to_gives_both_newest_first(store: Store) -> None:
    may_3 = datetime(2019, 5, 3, tzinfo=UTC)
    save(store, CAG, [item(1, published=may_3), item(2)])
    # A partner listed post 1 (as published the same day: CAG's own post stays the story), then
    # changed its item's link to post 2's address: its sighting (of story 1) now answers to the
    # address of story 2.
    save(store, BLOG, [item(1, "cag-blog", guid="b", published=may_3)])
    save(store, BLOG, [item(1, "cag-blog", guid="b", url=item(2).url, published=may_3)], NOW + timedelta(hours=1))
    found = store.find_stories(item(2).url)
    assert [story.url for story in found] == [item(1).url, item(2).url]  # published May 3, then May 2
    assert [story.url for story in store.find_stories(item(1).url)] == [item(1).url]


# --- withdrawals ----------------------------------------------------------------------------------


def test_withdrawing_and_restoring_keeps_the_record(store: Store) -> None:
    save(store, CAG, [item(1), item(2)])
    one, two = sorted(store.latest_stories(10), key=lambda s: s.url)
    with pytest.raises(StoreError, match="no story with id 'urn:uuid:missing'"):
        store.withdraw("urn:uuid:missing", "risk", "anna", NOW)
    assert store.restore(one.id, "anna", NOW) is None  # nothing in force

    first = store.withdraw(one.id, "risk to the author", "anna", NOW)
    assert first == Withdrawal(one.id, "risk to the author", "anna", NOW, one.title, one.url)
    assert first.in_force
    # Withdrawn again while in force: the first reason stands.
    assert store.withdraw(one.id, "another reason", "erik", NOW + timedelta(hours=1)) == first

    restored = store.restore(one.id, "erik", NOW + timedelta(days=1))
    assert restored == Withdrawal(
        one.id, "risk to the author", "anna", NOW, one.title, one.url, "erik", NOW + timedelta(days=1)
    )
    assert not restored.in_force
    assert store.restore(one.id, "erik", NOW + timedelta(days=2)) is None

    store.withdraw(two.id, "asked by the partner", "anna", NOW + timedelta(days=3))
    assert store.withdrawals() == [
        Withdrawal(two.id, "asked by the partner", "anna", NOW + timedelta(days=3), two.title, two.url),
        restored,
    ]
    # A restored story withdrawn again: a new withdrawal in force replaces the old record.
    again = store.withdraw(one.id, "risk again", "erik", NOW + timedelta(days=4))
    assert again == Withdrawal(one.id, "risk again", "erik", NOW + timedelta(days=4), one.title, one.url)
    assert [(w.story_id, w.in_force) for w in store.withdrawals()] == [(one.id, True), (two.id, True)]


def test_words_typed_with_a_nul_are_kept_without_it(store: Store) -> None:
    save(store, CAG, [item(1)])
    (story,) = store.latest_stories(10)
    withdrawal = store.withdraw(story.id, "risk\x00 to the author", "an\x00na", NOW)
    assert (withdrawal.reason, withdrawal.by) == ("risk to the author", "anna")
    restored = store.restore(story.id, "er\x00ik", NOW + timedelta(hours=1))
    assert restored is not None and restored.restored_by == "erik"
    assert store.withdrawals() == [restored]


def test_a_withdrawal_outlives_later_passes_that_see_the_story_again(store: Store) -> None:
    save(store, CAG, [item(1)])
    (story,) = store.latest_stories(10)
    store.withdraw(story.id, "risk to the author", "anna", NOW)
    # The partner republishes the post: same address, a new guid, another title, a later date;
    # another partner lists it too, and the pass stores several sources in one batch.
    later = NOW + timedelta(days=1)
    changed = item(1, guid="cag-1-reissued", title="Post 1 (updated)", updated=later)
    store.record_collections(
        [
            Gathered(FetchRecord(CAG, OK, None, later), [changed, item(2)]),
            Gathered(FetchRecord(BLOG, OK, None, later), [item(1, "cag-blog")]),
        ]
    )
    (found,) = store.find_stories(item(1).url)
    assert found.id == story.id and [s.source.id for s in found.sightings] == ["cag-blog"]
    assert [(w.story_id, w.reason, w.in_force) for w in store.withdrawals()] == [(story.id, "risk to the author", True)]
    assert len(store.latest_stories(10)) == 2


# --- sources removed from the config ---------------------------------------------------------------


def test_removed_sources_are_the_stored_ones_the_config_no_longer_names(store: Store) -> None:
    save(store, BLOG, [item(1, "cag-blog")])
    assert store.removed_sources(["cag", "cag-blog", "adc"]) == []
    assert store.removed_sources(["adc", "new-partner"]) == [ref(CAG), ref(BLOG)]
    assert store.removed_sources([]) == [ref(ADC), ref(CAG), ref(BLOG)]
    # Their stories are kept.
    assert [story.source.id for story in store.latest_stories(10)] == ["cag-blog"]
