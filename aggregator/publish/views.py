"""Which stories go into which published feed, and where each feed lives.

Pure functions over `Story` records: no files, no clock. Every feed is a `FeedView`: the
combined one, one per language, one per partner.

A feed's date is its newest story's. A feed with no story (a partner that fails, or has not
posted in a long time) still needs one (Atom's <updated>, RSS <lastBuildDate>), and readers show
it, so it must be true and must not change while nothing does: the partner's newest story we
know of (older than those published, or gone from its feed). Without one, the feed is dated
when it is first published (`site.generated_at`), and empty_dates.py keeps that date on later
publishes; that is the one place publishing reads the clock's time into a feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Literal
from urllib.parse import urljoin

from aggregator.models import SiteInfo, SourceConfig, SourceStatus, Story

# Language codes become directory names: accept only plain BCP 47 shapes ("sv", "ky", "en-gb",
# "uz-cyrl-uz"), so partner metadata can never steer a path ("../x") nor make a name too long.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}")
# Source ids become directory names too; config.py allows a-z 0-9 and "-", checked again here.
PARTNER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")

FeedKind = Literal["all", "language", "partner"]


@dataclass(frozen=True)
class FeedView:
    """One published feed: what it holds and where it lives (Atom, RSS and JSON alike).

    `directory` is "" for the combined feed, "sv/" for a language, "partners/cag/" for a partner.
    """

    site: SiteInfo
    kind: FeedKind
    key: str  # "" for the combined feed, else the language code or the partner id
    title: str
    stories: list[Story]
    # The feed's date when it has no story, if known (see the module's docstring).
    updated_when_empty: datetime | None = None

    @property
    def directory(self) -> str:
        if self.kind == "language":
            return f"{self.key}/"
        if self.kind == "partner":
            return f"partners/{self.key}/"
        return ""

    @property
    def language(self) -> str | None:
        """The one language of every story, for xml:lang and <language>; None when mixed."""
        return self.key if self.kind == "language" else None

    def path(self, kind: str) -> str:
        return f"{self.directory}feed.{kind}"

    def url(self, kind: str) -> str:
        return absolute(self.site, self.path(kind))

    @property
    def feed_id(self) -> str:
        # Each feed needs its own Atom id; the all-languages feed is the site itself.
        return absolute(self.site, self.directory) if self.directory else self.site.link

    @property
    def home_page(self) -> str:
        """The HTML page showing the same stories: a partner's reading page, else the main one."""
        return absolute(self.site, self.directory) if self.kind == "partner" else self.site.link

    @property
    def description(self) -> str:
        return f"{self.title}: news from our partner organisations"

    @property
    def updated(self) -> datetime:
        # Newest item, not "now": unchanged content must give unchanged bytes.
        if self.stories:
            return max(feed_moment(s.updated) for s in self.stories)
        # Empty: see the module's docstring. generated_at only for an empty feed's first publish.
        return utc(self.updated_when_empty or self.site.generated_at)

    @cached_property
    def partner_updated(self) -> dict[str, datetime]:
        """Per partner (main source id), the newest `updated` of its stories in this feed: the
        date an entry's atom:source gives for the partner's feed. Taken from this feed's own
        stories, so it changes only when they do."""
        newest: dict[str, datetime] = {}
        for story in self.stories:
            moment = feed_moment(story.updated)
            newest[story.source.id] = max(moment, newest.get(story.source.id, moment))
        return newest


def feed_views(
    site: SiteInfo, stories: Iterable[Story], max_items: int, statuses: Sequence[SourceStatus] = ()
) -> list[FeedView]:
    """Every feed to publish: combined first, then languages, then partners (configured order).

    `statuses` give each partner's newest known story, the date of its feed when it is empty.

    The combined feed shows one version of a post published in several languages
    (`one_version_each`); the language and partner feeds show every version.

    A partner's feed holds every story that partner published, whether it is the story's main
    source or also published it (`Story.also_published_by`): a subscriber to one partner should
    not miss a post because another partner happened to publish it first.
    """
    ordered = newest_first(stories)
    known = {status.id: utc(status.newest_item_at) for status in statuses if status.newest_item_at}
    combined = one_version_each(ordered, site.preferred_languages)[:max_items]
    views = [FeedView(site, "all", "", site.title, combined)]
    for language in languages(ordered):
        chosen = [s for s in ordered if language_key(s) == language][:max_items]
        views.append(FeedView(site, "language", language, f"{site.title} ({language})", chosen))
    for source in partners(site.sources):
        chosen = [s for s in ordered if source.id in partner_ids(s)][:max_items]
        title = f"{site.title}: {source.name}"
        views.append(FeedView(site, "partner", source.id, title, chosen, known.get(source.id)))
    return views


def newest_first(stories: Iterable[Story]) -> list[Story]:
    # The caller's list overlaps (latest N overall + latest N per language): keep one per id.
    unique = {story.id: story for story in stories}
    by_id = sorted(unique.values(), key=lambda s: s.id)
    # Two stable sorts: newest first, ties broken by id ascending, the same order every run.
    return sorted(by_id, key=lambda s: utc(s.published), reverse=True)


def one_version_each(stories: Sequence[Story], preferred: Sequence[str]) -> list[Story]:
    """One story per group of language versions: the version in the most preferred language
    (then the first seen), keeping the given order. Each language feed still has its own."""
    rank = {language: position for position, language in enumerate(preferred)}
    chosen: dict[str, Story] = {}
    for story in stories:
        group = story.group_id or story.id
        best = chosen.get(group)
        if best is None or rank.get(story.language or "", len(rank)) < rank.get(best.language or "", len(rank)):
            chosen[group] = story
    kept = {story.id for story in chosen.values()}
    return [story for story in stories if story.id in kept]


def language_key(story: Story) -> str | None:
    """The directory a story's language feed lives in, or None if it has no usable code."""
    code = (story.language or "").strip().lower()
    return code if LANGUAGE_CODE.fullmatch(code) else None


def languages(stories: Iterable[Story]) -> list[str]:
    return sorted({key for s in stories if (key := language_key(s))})


def partner_ids(story: Story) -> list[str]:
    """The partners that published a story: its main source first, then the others."""
    ids = [story.source.id, *(ref.id for ref in story.also_published_by)]
    return list(dict.fromkeys(i for i in ids if PARTNER_ID.fullmatch(i)))


def partners(sources: Sequence[SourceConfig]) -> list[SourceConfig]:
    """The configured sources that get a feed and a page (ids safe as directory names)."""
    return [source for source in sources if PARTNER_ID.fullmatch(source.id)]


def utc(moment: datetime) -> datetime:
    # Naive datetimes from the store are UTC; normalising makes output independent of server TZ.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def date_precision(moment: datetime, date_is_first_seen: bool = False) -> str:
    """How much a stored date says: "time", "day" (the partner gave the day only; such dates are
    stored at midnight UTC, and a real post at exactly midnight loses nothing by being shown as
    its day), or "first_seen" (no date given: when we first saw the post)."""
    if date_is_first_seen:
        return "first_seen"
    moment = utc(moment)
    return "day" if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0) else "time"


def feed_moment(moment: datetime, date_is_first_seen: bool = False) -> datetime:
    """The moment a feed states for a stored date. A day-only date is stated at noon UTC, the one
    time that falls on the same calendar day from UTC-11 to UTC+11: at midnight UTC, readers west
    of Greenwich showed the day before."""
    moment = utc(moment)
    if date_precision(moment, date_is_first_seen) == "day":
        return moment.replace(hour=12)
    return moment


def rfc3339(moment: datetime) -> str:
    return utc(moment).isoformat()


def absolute(site: SiteInfo, relative: str) -> str:
    base = site.link if site.link.endswith("/") else site.link + "/"
    return urljoin(base, relative)
