"""A new item or stored story as the deciders see it: text, address, language, date, fingerprint."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from aggregator.fingerprint.simhash_index import simhash, text_keys, title_keys
from aggregator.fingerprint.story_text import StoryText, fingerprint_text, story_text


@dataclass(frozen=True)
class Candidate:
    """One new item or stored story as the deciders see it.

    `title` is best the title as published, language marker included ("[English] ..."): the
    fingerprint ignores the marker, and same_post_in_other_language needs it. `published` is
    the post's date, else when it was first seen (None only when neither is known).
    """

    title: str
    summary: str
    url: str
    language: str | None
    published: datetime | None
    source_id: str
    fingerprint: int  # simhash(fingerprint_text(title, summary)), unsigned

    # Worked out once per item or story (cached_property writes the instance's dict, which a
    # frozen dataclass allows), not once for every candidate it is compared with.
    @functools.cached_property
    def text(self) -> StoryText:
        """Title and summary words as the deciders read them."""
        return story_text(self.title, self.summary)

    @functools.cached_property
    def title_key_set(self) -> frozenset[int]:
        """The headline's index keys (title_keys)."""
        return frozenset(title_keys(self.title))

    @functools.cached_property
    def text_key_set(self) -> frozenset[int]:
        """The summary opening's index keys (text_keys)."""
        return frozenset(text_keys(self.title, self.summary))


def candidate(
    *, title: str, summary: str, url: str, language: str | None, published: datetime | None, source_id: str
) -> Candidate:
    """A Candidate with its fingerprint computed."""
    fingerprint = simhash(fingerprint_text(title, summary))
    return Candidate(title, summary, url, language, published, source_id, fingerprint)


def days_apart(a: datetime | None, b: datetime | None) -> timedelta | None:
    """How far apart two `published` dates are; None when either is unknown."""
    return None if a is None or b is None else abs(a - b)
