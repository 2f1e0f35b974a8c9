"""Which sighting is the story, decided from all of a story's sightings at once, so the answer
does not depend on the order they were fetched in.

The original is the earliest published sighting. Dates are compared by UTC day first: on the same
day a precise date ranks before a day-only one (an HTML page that gives the day only), then the
earlier instant. A regional digest is told apart by its later date (a repost is dated when it was
reposted); no config flag marks digests. Undated sightings come last. Ties end on source id and
guid, never on when a sighting was stored.

Each field then takes the best value among the sightings: the original's title (as shown and as
published, which the story is matched by) and link; a
precise date over a day-only one of the same day; the original's author, else the first other
sighting's that has one; the longest excerpt of the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

DatePrecision = Literal["exact", "day", "none"]

# A day-only date D (stored as midnight UTC) and a precise one P are "the same day" if P can be on
# D in a zone from UTC to UTC+14 (the partners' zones: Europe and Central Asia).
_DAY_STARTS_BEFORE = timedelta(hours=14)
_DAY_ENDS_AFTER = timedelta(hours=24)
_TRAILING_CUT = re.compile(r"(\s*(\.\.\.|…|\[…\]|\[\.\.\.\]))+\s*$")
_SPACES = re.compile(r"\s+")


def date_precision(published: datetime | None) -> DatePrecision:
    """How precise a sighting's date is: the parsers give a day-only date as midnight UTC."""
    if published is None:
        return "none"
    at = published.astimezone(UTC)
    return "day" if (at.hour, at.minute, at.second, at.microsecond) == (0, 0, 0, 0) else "exact"


@dataclass(frozen=True)
class SightingFacts:
    """What one sighting said about the story (a sightings row, or the story row for old data)."""

    source_id: str
    guid: str
    url: str
    title: str
    summary: str
    raw_title: str | None
    language: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    own_site: bool = False  # the link is on the source's own host (see on_own_site)

    @property
    def precision(self) -> DatePrecision:
        return date_precision(self.published)


@dataclass(frozen=True)
class StoryFields:
    """The story's published fields as chosen from its sightings. `published` None: no sighting
    is dated, the story keeps the date it was first seen."""

    source_id: str
    url: str
    title: str
    summary: str
    language: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    # The original's headline as published: what the story is matched by, so a copy stored first
    # does not leave the story matched by the copy's headline once the original is known.
    raw_title: str | None = None


def on_own_site(link: str, source_address: str) -> bool:
    """Whether `link` is on the site (host and port, www. aside) of the source's configured address."""
    mine, theirs = _site(link), _site(source_address)
    return bool(mine) and mine == theirs


def _site(address: str) -> str:
    try:
        return urlsplit(address).netloc.lower().removeprefix("www.") if "://" in address else ""
    except ValueError:  # a partner's malformed address
        return ""


def _rank(sighting: SightingFacts) -> tuple[object, ...]:
    elsewhere = not sighting.own_site
    if sighting.published is None:
        return (1, "", 0, "", elsewhere, sighting.source_id, sighting.guid)
    at = sighting.published.astimezone(UTC)
    day_only = sighting.precision == "day"
    return (0, at.date().isoformat(), day_only, at.isoformat(), elsewhere, sighting.source_id, sighting.guid)


def original(sightings: Sequence[SightingFacts]) -> SightingFacts:
    return min(sightings, key=_rank)


def _plain(text: str) -> str:
    return _SPACES.sub(" ", _TRAILING_CUT.sub("", text)).strip().casefold()


def _best_date(main: SightingFacts, ranked: Sequence[SightingFacts]) -> datetime | None:
    if main.published is None or main.precision == "exact":
        return main.published
    day = main.published
    precise = [
        s.published
        for s in ranked
        if s.published is not None
        and s.precision == "exact"
        and day - _DAY_STARTS_BEFORE <= s.published < day + _DAY_ENDS_AFTER
    ]
    return min(precise) if precise else day


def _best_summary(main: SightingFacts, ranked: Sequence[SightingFacts]) -> str:
    """The longest excerpt that begins with the original's text (an excerpt cut at another length)."""
    mine = _plain(main.summary)
    best = main.summary
    for other in ranked:
        if len(other.summary) > len(best) and (not mine or _plain(other.summary).startswith(mine)):
            best = other.summary
    return best


def choose_story(sightings: Sequence[SightingFacts]) -> StoryFields:
    """The story's fields from all its sightings (at least one); the same set gives the same answer."""
    ranked = sorted(sightings, key=_rank)
    main = ranked[0]
    published = _best_date(main, ranked)
    updated = max(d for d in (main.updated, main.published, published) if d is not None) if published else None
    return StoryFields(
        source_id=main.source_id,
        url=main.url,
        title=main.title,
        summary=_best_summary(main, ranked),
        language=main.language or next((s.language for s in ranked if s.language), None),
        author=main.author or next((s.author for s in ranked if s.author), None),
        published=published,
        updated=updated,
        raw_title=main.raw_title,
    )
