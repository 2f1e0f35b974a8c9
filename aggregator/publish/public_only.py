"""The public set's input, checked once more before anything public is written.

`aggregator.visibility.decide` chose what the public may see (`Visibility.public`). Publishing
takes that as given and closes the same door a second time, because a slip here can put a
partner at risk: only sources configured with `publish: true` get a feed, a page or a line in
sources.opml; a story reaches a public file only when its main source is such a source and no
hidden entry or withdrawal in force names it; and every other partner it names (also published
by, sightings) is dropped unless it is public too. Pure functions: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from aggregator.models import SiteInfo, SourceStatus, Story, Visibility


@dataclass(frozen=True)
class PublicInput:
    """Everything the public writers may read: nothing else reaches them."""

    site: SiteInfo  # sources: only those that publish
    stories: list[Story]
    statuses: list[SourceStatus]  # of those sources only (sources.opml gives their feeds)


def public_input(site: SiteInfo, visibility: Visibility, statuses: Sequence[SourceStatus]) -> PublicInput:
    sources = tuple(source for source in site.sources if source.publish)
    allowed = {source.id for source in sources}
    kept_out = {hidden.story.id for hidden in visibility.hidden}
    kept_out |= {withdrawal.story_id for withdrawal in visibility.withdrawals if withdrawal.in_force}
    stories = [
        _only_public_partners(story, allowed)
        for story in visibility.public
        if story.source.id in allowed and story.id not in kept_out
    ]
    return PublicInput(
        site=replace(site, sources=sources),
        stories=stories,
        statuses=[status for status in statuses if status.id in allowed],
    )


def _only_public_partners(story: Story, allowed: set[str]) -> Story:
    return replace(
        story,
        also_published_by=tuple(ref for ref in story.also_published_by if ref.id in allowed),
        sightings=tuple(sighting for sighting in story.sightings if sighting.source.id in allowed),
    )
