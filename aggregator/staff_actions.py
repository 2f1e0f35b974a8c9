"""Staff's decisions on one story: withdraw it from every public file, or restore it.

A story is named by its id (as the staff page shows it) or by any address it was published
under: the partner's link, or a syndicating source's link to the same post. The decision is
kept in the database; the next publish (the command runs one at once) applies it, and no later
pass brings the story back, because new sightings of a post join the story that already exists.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

from aggregator.errors import AggregatorError
from aggregator.models import Story, Withdrawal
from aggregator.store import Store


class StaffActionError(AggregatorError):
    """The story cannot be found, or the request is incomplete; the message says which."""


@dataclass(frozen=True)
class Decision:
    story: Story
    withdrawal: Withdrawal | None  # the record after the action; None: there was nothing to restore
    changed: bool  # False: it was already so (withdrawn before, or not withdrawn)


def acting_user() -> str:
    """Who acts, when `--by` is not given: the system user running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container): say so rather than guess
        return "unknown user"


def find_story(store: Store, ref: str) -> Story:
    """The one story `ref` names; several or none is an error listing what to type instead."""
    ref = ref.strip()
    if not ref:
        raise StaffActionError("name a story by its id or its address")
    found = store.find_stories(ref)
    if not found:
        raise StaffActionError(f"no story with id or address {ref!r}")
    if len(found) > 1:
        listed = "; ".join(f"{story.id} ({story.title[:60]})" for story in found[:5])
        raise StaffActionError(f"{len(found)} stories have the address {ref!r}; name one by id: {listed}")
    return found[0]


def withdraw(store: Store, ref: str, reason: str, by: str, now: datetime) -> Decision:
    if not reason.strip():
        raise StaffActionError("say why with --reason: staff read it on the staff page")
    story = find_story(store, ref)
    already = any(w.story_id == story.id and w.in_force for w in store.withdrawals())
    return Decision(story, store.withdraw(story.id, reason.strip(), by, now), changed=not already)


def restore(store: Store, ref: str, by: str, now: datetime) -> Decision:
    story = find_story(store, ref)
    withdrawal = store.restore(story.id, by, now)
    return Decision(story, withdrawal, changed=withdrawal is not None)
