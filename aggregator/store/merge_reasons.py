"""The merge reason of each new sighting of a batch (the sightings.merge_reason column): which rule
of the plan tied it to its story, with the details dedup.reasons works out from the stories the
matcher compared it with."""

from __future__ import annotations

from collections.abc import Mapping

from aggregator import fingerprint
from aggregator.dedup.matcher import Matcher, StoredStory, stored_candidate
from aggregator.dedup.plan import NEAR_DUPLICATE, SAME_GUID, SAME_URL_KEY, SavePlan
from aggregator.dedup.reasons import near_duplicate_reason, version_reason
from aggregator.models import Item


def merge_reasons(
    plan: SavePlan, matcher: Matcher, stored: Mapping[str, StoredStory], item_of: Mapping[str, Item]
) -> dict[str, str]:
    """Reasons by guid; a sighting that began a story of its own has none (unless it is another
    language version of a known story)."""
    batch = {new.story_id: matcher.candidate(new.item) for new in plan.new_stories}

    def known(story: str) -> fingerprint.Candidate | None:
        row = stored.get(story)
        return stored_candidate(row) if row is not None else batch.get(story)

    reasons: dict[str, str] = {}
    for sighting in plan.new_sightings:
        if sighting.rule in (SAME_URL_KEY, SAME_GUID):
            reasons[sighting.guid] = sighting.rule
        elif sighting.rule == NEAR_DUPLICATE:
            item = item_of[sighting.guid]
            reasons[sighting.guid] = near_duplicate_reason(matcher.candidate(item), known(sighting.story_id))
    for new in plan.new_stories:
        if new.story_id in plan.versioned:
            mine = matcher.candidate(new.item)
            group = [row for row in stored.values() if (row.group_id or row.id) == new.group_id]
            other = next((row for row in group if row.language != mine.language), None)
            found = stored_candidate(other) if other is not None else batch.get(new.group_id)
            reasons[new.item.guid] = version_reason(mine, found)
    return reasons
