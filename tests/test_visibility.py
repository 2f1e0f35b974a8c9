"""What the public may see: monitor-only and removed sources, rules, withdrawals, and a public
sighting standing in for a hidden main source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.models import Sighting, SourceConfig, SourceRef, Story, Withdrawal
from aggregator.rules import SourceRules
from aggregator.visibility import decide

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def ref(source_id: str) -> SourceRef:
    return SourceRef(source_id, source_id.title(), f"https://{source_id}.example/")


def config(source_id: str, **controls: object) -> SourceConfig:
    return SourceConfig(id=source_id, name=source_id.title(), url=f"https://{source_id}.example/", **controls)  # type: ignore[arg-type]


def sighting(source_id: str, title: str | None = "Their title", summary: str | None = "Their words") -> Sighting:
    url = None if title is None else f"https://{source_id}.example/post"
    return Sighting(ref(source_id), url, title, summary, NOW)


def story(story_id: str, source_id: str, *others: Sighting, title: str = "Main title") -> Story:
    return Story(
        id=story_id,
        url=f"https://{source_id}.example/{story_id}",
        title=title,
        summary="Main words",
        language="en",
        published=NOW,
        updated=NOW,
        date_is_first_seen=False,
        author="Main Author",
        source=ref(source_id),
        also_published_by=tuple(other.source for other in others),
        group_id=story_id,
        sightings=others,
    )


def withdrawal(story_id: str, at: datetime = NOW, *, restored: bool = False) -> Withdrawal:
    return Withdrawal(
        story_id,
        "Risk to the author",
        "anna",
        at,
        restored_by="bo" if restored else None,
        restored_at=NOW if restored else None,
    )


def test_a_public_story_keeps_only_public_sightings() -> None:
    sources = [config("open"), config("quiet", publish=False), config("other")]
    shown = story("s1", "open", sighting("quiet"), sighting("other"), sighting("gone"))
    visibility = decide([shown], sources, [])
    (public,) = visibility.public
    assert public.also_published_by == (ref("other"),)
    assert [s.source.id for s in public.sightings] == ["other"]
    assert (public.url, public.title, public.author) == (shown.url, shown.title, "Main Author")
    assert visibility.hidden == () and visibility.stand_ins == ()  # its own source stays the main one


def test_a_public_sighting_stands_in_for_a_monitor_only_main_source() -> None:
    sources = [config("quiet", publish=False), config("filtered", exclude=("their",)), config("a"), config("b")]
    shown = story("s1", "quiet", sighting("filtered"), sighting("a", "A's title", None), sighting("b"))
    visibility = decide([shown], sources, [])
    (public,) = visibility.public
    assert visibility.stand_ins == (shown,)  # staff see it as stored
    assert public.source == ref("a")
    assert (public.url, public.title, public.summary, public.author) == (
        "https://a.example/post",
        "A's title",
        "",
        None,
    )
    assert public.also_published_by == (ref("b"),) and [s.source for s in public.sightings] == [ref("b")]
    assert (public.id, public.group_id, public.published, public.language) == ("s1", "s1", NOW, "en")


def test_a_sighting_without_stored_words_is_not_public() -> None:
    visibility = decide(
        [story("s1", "quiet", sighting("open", title=None))], [config("quiet", publish=False), config("open")], []
    )
    assert visibility.public == ()
    assert [(h.reason, h.detail) for h in visibility.hidden] == [
        ("monitor only", "Quiet is monitor only (publish: false)")
    ]


def test_each_hidden_story_says_why_in_order() -> None:
    sources = [config("open"), config("quiet", publish=False), config("general", include=("kyrgyz*",))]
    stories = [
        story("withdrawn", "quiet"),  # withdrawn comes first, whatever else is true
        story("removed", "gone"),
        story("monitored", "quiet", sighting("gone")),
        story("filtered", "general", title="Sommarfest i Malmö"),
        story("kept", "general", title="Kyrgyzstans val"),
        story("restored", "open"),
    ]
    withdrawals = [withdrawal("withdrawn"), withdrawal("restored", restored=True)]
    visibility = decide(stories, sources, withdrawals, [ref("gone")])
    assert [s.id for s in visibility.public] == ["kept", "restored"]
    assert [(h.story.id, h.reason, h.detail) for h in visibility.hidden] == [
        ("withdrawn", "withdrawn", "withdrawn by anna on 2026-12-07: Risk to the author"),
        ("removed", "removed from the config", "Gone (gone) is no longer in the config"),
        ("monitored", "monitor only", "Quiet is monitor only (publish: false)"),
        ("filtered", "filtered", "no include rule matched"),
    ]
    assert visibility.hidden[0].story == stories[0]  # staff see the story as stored
    assert visibility.removed_sources == (ref("gone"),)


def test_withdrawals_reach_staff_newest_first_and_the_one_in_force_is_named() -> None:
    earlier, later = NOW - timedelta(days=3), NOW - timedelta(days=1)
    records = [
        Withdrawal("s1", "first", "anna", earlier, restored_by="bo", restored_at=later),
        Withdrawal("s1", "again", "cem", later),
    ]
    visibility = decide([story("s1", "open")], [config("open")], records)
    assert [w.reason for w in visibility.withdrawals] == ["again", "first"]
    assert visibility.hidden[0].detail == f"withdrawn by cem on {later:%Y-%m-%d}: again"


def test_a_bad_rule_in_a_config_built_by_hand_hides_rather_than_fails() -> None:
    visibility = decide([story("s1", "odd")], [config("odd", exclude=("/(/",))], [])
    assert visibility.public == ()
    assert visibility.hidden[0].reason == "filtered" and "cannot be used" in visibility.hidden[0].detail


# --- properties over generated stories --------------------------------------------------------

SOURCE_IDS = ["a", "b", "c", "d", "e"]
WORDS = st.sampled_from(["Kyrgyz news", "fotboll", "Футбол", "Överklagande", "plain", ""])
CONTROLS = st.fixed_dictionaries(
    {
        "publish": st.booleans(),
        "include": st.lists(st.sampled_from(["kyrgyz*", "news"]), max_size=1).map(tuple),
        "exclude": st.lists(st.sampled_from(["fotboll", "/футбол/", "/\\S+/"]), max_size=1).map(tuple),
    }
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Story], list[SourceConfig], list[Withdrawal]]:
    configured = draw(st.lists(st.sampled_from(SOURCE_IDS), unique=True))
    sources = [config(source_id, **draw(CONTROLS)) for source_id in configured]
    stories = []
    for number in range(draw(st.integers(0, 8))):
        main, *others = draw(st.lists(st.sampled_from(SOURCE_IDS), min_size=1, max_size=4, unique=True))
        sightings = [sighting(other, draw(st.none() | WORDS), draw(st.none() | WORDS)) for other in others]
        stories.append(story(f"s{number}", main, *sightings, title=draw(WORDS)))
    ids = [s.id for s in stories] + ["unknown"]
    withdrawals = [
        withdrawal(story_id, restored=draw(st.booleans())) for story_id in draw(st.lists(st.sampled_from(ids)))
    ]
    return stories, sources, withdrawals


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_nothing_hidden_reaches_the_public(scenario: tuple[list[Story], list[SourceConfig], list[Withdrawal]]) -> None:
    stories, sources, withdrawals = scenario
    visibility = decide(stories, sources, withdrawals)
    publishing = {source.id for source in sources if source.publish}
    withdrawn = {w.story_id for w in withdrawals if w.in_force}
    for public in visibility.public:
        named = [public.source, *public.also_published_by, *(s.source for s in public.sightings)]
        assert {source.id for source in named} <= publishing
        assert public.id not in withdrawn
        assert public.also_published_by == tuple(s.source for s in public.sightings)
        assert all(s.title is not None and s.url is not None for s in public.sightings)
        rules = {source.id: SourceRules.of(source) for source in sources}
        assert rules[public.source.id].verdict(public.title, public.summary) is None
        assert all(rules[s.source.id].verdict(s.title, s.summary) is None for s in public.sightings)
    # Every story exactly once, in its list in input order.
    seen = [s.id for s in visibility.public] + [h.story.id for h in visibility.hidden]
    assert sorted(seen) == sorted(s.id for s in stories)
    order = {s.id: n for n, s in enumerate(stories)}
    assert [order[s.id] for s in visibility.public] == sorted(order[s.id] for s in visibility.public)
    assert [order[h.story.id] for h in visibility.hidden] == sorted(order[h.story.id] for h in visibility.hidden)
    assert all(h.reason == "withdrawn" for h in visibility.hidden if h.story.id in withdrawn)
