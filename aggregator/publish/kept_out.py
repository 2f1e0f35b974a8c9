"""What the staff pages say about what is not republished: pure functions of `Visibility`.

The stories kept out of the public files grouped by why, the withdrawals (to restore one, staff
copy its story id), and the sources the store knows that are no longer in the config. The
public set never sees any of it (public_only.py); staff_pages.py lays it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.models import HiddenStory, SourceRef, Story, Visibility, Withdrawal
from aggregator.publish.links import safe_url
from aggregator.publish.staff import StoryRow, story_rows
from aggregator.publish.views import newest_first

# Each reason a story is kept out, in the order staff read them: what staff did, then what the
# config says. The words explain what to change to republish such a story.
REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "withdrawn",
        "Withdrawn by staff",
        "Taken out of every public file with aggregator withdraw; see Withdrawn below to put one back.",
    ),
    (
        "monitor only",
        "From monitor-only partners",
        "Their sources say publish: false in sources.yaml: collected for staff, never republished.",
    ),
    (
        "removed from the config",
        "From partners removed from the config",
        "The store still holds their stories, but sources.yaml no longer lists them.",
    ),
    (
        "filtered",
        "Filtered out by a rule",
        "They do not pass their partner's include/exclude rules in sources.yaml.",
    ),
)


@dataclass(frozen=True)
class KeptOutGroup:
    reason: str
    heading: str
    explanation: str
    rows: list[StoryRow]

    @property
    def anchor(self) -> str:
        return "kept-out-" + self.reason.replace(" ", "-")


@dataclass(frozen=True)
class WithdrawnEntry:
    withdrawal: Withdrawal
    href: str | None  # the story's link, when it is a web address

    @property
    def restore_command(self) -> str:
        return f"aggregator restore {self.withdrawal.story_id}"


@dataclass(frozen=True)
class RemovedSource:
    ref: SourceRef
    href: str | None
    rows: list[StoryRow]  # its stories the store still holds (all kept out)


def hidden_by_id(visibility: Visibility) -> dict[str, HiddenStory]:
    return {hidden.story.id: hidden for hidden in visibility.hidden}


def staff_stories(public: Sequence[Story], visibility: Visibility) -> list[StoryRow]:
    """`public` and every hidden story together, newest first, each hidden one with why."""
    hidden = hidden_by_id(visibility)
    # A story republished through another source's sighting is shown as stored (whose it was
    # first), with a note saying through whom the public sees it.
    shown_as = {story.id: story for story in public}
    stored = {story.id: story for story in visibility.stand_ins}
    notes = {
        story_id: f"Republished only through {shown_as[story_id].source.name}: "
        f"{original.source.name}'s link, words and author stay out of the public files."
        for story_id, original in stored.items()
        if story_id in shown_as
    }
    # Hidden last: should an id be in both, the hidden version (and its badge) is the one kept.
    stories = newest_first([*(stored.get(story.id, story) for story in public), *(e.story for e in visibility.hidden)])
    return story_rows(stories, hidden, notes)


def kept_out_groups(visibility: Visibility) -> list[KeptOutGroup]:
    """The hidden stories by reason (newest first in each), only the reasons that have some."""
    hidden = hidden_by_id(visibility)
    groups = []
    for reason, heading, explanation in REASONS:
        stories = newest_first(entry.story for entry in visibility.hidden if entry.reason == reason)
        if stories:
            groups.append(KeptOutGroup(reason, heading, explanation, story_rows(stories, hidden)))
    known = {reason for reason, _, _ in REASONS}
    # A reason this module does not know yet is still shown, never dropped.
    for reason in sorted({entry.reason for entry in visibility.hidden} - known):
        stories = newest_first(entry.story for entry in visibility.hidden if entry.reason == reason)
        groups.append(KeptOutGroup(reason, f"Kept out: {reason}", "", story_rows(stories, hidden)))
    return groups


def withdrawn_entries(visibility: Visibility) -> list[WithdrawnEntry]:
    """Withdrawals in force first, then restored ones; newest first within each (as given)."""
    ordered = sorted(visibility.withdrawals, key=lambda w: not w.in_force)
    return [WithdrawnEntry(withdrawal, safe_url(withdrawal.url)) for withdrawal in ordered]


def removed_sources(visibility: Visibility) -> list[RemovedSource]:
    hidden = hidden_by_id(visibility)
    return [
        RemovedSource(
            ref,
            safe_url(ref.url),
            story_rows(newest_first(e.story for e in visibility.hidden if e.story.source.id == ref.id), hidden),
        )
        for ref in visibility.removed_sources
    ]
