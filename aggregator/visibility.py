"""What the public may see of the stored stories, and why staff see the rest (pure).

A sighting (the story's main source, or another source that listed the same post) may be
republished when its source is in the config, is not monitor only, and its own title and excerpt
pass that source's include/exclude rules. A story is public when staff have not withdrawn it and
one of its sightings may be republished; it is then republished only through those sightings, so
a hidden source's link, words, author and name never reach a public file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from aggregator.models import (
    HiddenReason,
    HiddenStory,
    Sighting,
    SourceConfig,
    SourceRef,
    Story,
    Visibility,
    Withdrawal,
)
from aggregator.rules import RuleError, SourceRules


def decide(
    stories: Sequence[Story],
    sources: Sequence[SourceConfig],
    withdrawals: Sequence[Withdrawal],
    removed_sources: Sequence[SourceRef] = (),
) -> Visibility:
    """Split `stories` into their public form and the hidden rest, each list in input order.

    `withdrawals` are all of them, restored ones too (staff see both, newest first);
    `removed_sources` (stored sources no longer configured) pass through for the staff page."""
    gate = _Gate(sources)
    in_force = _withdrawals_in_force(withdrawals)
    public: list[Story] = []
    hidden: list[HiddenStory] = []
    stand_ins: list[Story] = []
    for story in stories:
        withdrawal = in_force.get(story.id)
        shown = None if withdrawal else _public_form(story, gate)
        if shown is not None:
            public.append(shown)
            if shown.source.id != story.source.id:
                stand_ins.append(story)
        elif withdrawal is not None:
            hidden.append(HiddenStory(story, "withdrawn", _withdrawn_detail(withdrawal)))
        else:
            # No other sighting could stand in, so the main source's reason is the story's.
            reason, detail = gate.why_not(story.source, story.title, story.summary) or ("filtered", "")
            hidden.append(HiddenStory(story, reason, detail))
    return Visibility(
        public=tuple(public),
        hidden=tuple(hidden),
        withdrawals=tuple(sorted(withdrawals, key=lambda withdrawal: withdrawal.at, reverse=True)),
        removed_sources=tuple(removed_sources),
        stand_ins=tuple(stand_ins),
    )


class _Gate:
    """Whether one source's sighting may be republished, from the config."""

    def __init__(self, sources: Iterable[SourceConfig]) -> None:
        self.configured = {source.id: source for source in sources}
        self.rules: dict[str, SourceRules | str] = {}
        for source in self.configured.values():
            try:
                self.rules[source.id] = SourceRules.of(source)
            except RuleError as error:  # load_config refuses these; a config built by hand may not
                self.rules[source.id] = f"a rule cannot be used: {error}"

    def why_not(self, source: SourceRef, title: str | None, summary: str | None) -> tuple[HiddenReason, str] | None:
        """None: this source's words may be republished; otherwise the reason and its detail."""
        config = self.configured.get(source.id)
        if config is None:
            return "removed from the config", f"{source.name} ({source.id}) is no longer in the config"
        if not config.publish:
            return "monitor only", f"{config.name} is monitor only (publish: false)"
        if title is None:  # a sighting stored before its words were kept: no rule could pass it
            return "filtered", "no title stored to check the rules against"
        rules = self.rules[source.id]
        verdict = rules if isinstance(rules, str) else rules.verdict(title, summary)
        return None if verdict is None else ("filtered", verdict)


def _withdrawals_in_force(withdrawals: Iterable[Withdrawal]) -> dict[str, Withdrawal]:
    """Per story, the newest withdrawal still in force (a story withdrawn again after a restore
    has several records)."""
    newest: dict[str, Withdrawal] = {}
    for withdrawal in withdrawals:
        if withdrawal.in_force:
            known = newest.get(withdrawal.story_id)
            if known is None or withdrawal.at > known.at:
                newest[withdrawal.story_id] = withdrawal
    return newest


def _withdrawn_detail(withdrawal: Withdrawal) -> str:
    said = f"withdrawn by {withdrawal.by} on {withdrawal.at:%Y-%m-%d}"
    return f"{said}: {withdrawal.reason}" if withdrawal.reason else said


def _public_form(story: Story, gate: _Gate) -> Story | None:
    """The story as republished, or None when no sighting of it may be."""
    others = [
        sighting
        for sighting in story.sightings
        if sighting.url is not None and gate.why_not(sighting.source, sighting.title, sighting.summary) is None
    ]
    if gate.why_not(story.source, story.title, story.summary) is None:
        return _with_sightings(story, others)
    if not others:
        return None
    stand_in, rest = others[0], others[1:]
    assert stand_in.url is not None and stand_in.title is not None  # checked above
    replaced = dataclasses.replace(
        story,
        url=stand_in.url,
        title=stand_in.title,
        summary=stand_in.summary or "",
        source=stand_in.source,
        author=None,  # the byline was the hidden source's
        # ... and so were the image, attachments and tags: none of them may reach a public file
        image=None,
        attachments=(),
        tags=(),
    )
    return _with_sightings(replaced, rest)


def _with_sightings(story: Story, sightings: Sequence[Sighting]) -> Story:
    return dataclasses.replace(
        story, also_published_by=tuple(sighting.source for sighting in sightings), sightings=tuple(sightings)
    )
