"""What the staff pages say, decided in pure functions of the records (no templates, no files).

Which partner is quiet or failing, what a fetch error means in words, how a date is shown
honestly (with a time, the day only, or only when first seen), the bars of the posts-per-month
chart. pages.py lays these out with the templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import groupby

from aggregator.models import HiddenStory, SiteInfo, SourceConfig, SourceStatus, Story
from aggregator.publish.links import safe_url
from aggregator.publish.opml import partner_site_url
from aggregator.publish.partner_groups import Group, group_partners
from aggregator.publish.views import FeedView, date_precision, language_key, partner_ids, utc

LANGUAGE_NAMES = {
    "en": "English",
    "sv": "Swedish",
    "ru": "Russian",
    "ky": "Kyrgyz",
    "kk": "Kazakh",
    "uz": "Uzbek",
    "tg": "Tajik",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "uk": "Ukrainian",
    "tk": "Turkmen",
}

# What a fetch error means, for staff who do not read HTTP. Keys are the error kinds fetch.py
# and collect.py store; "HTTP nnn" is handled by _http_words. The technical message is shown too.
ERROR_WORDS = {
    "timeout": "The site did not answer in time. It may be down or very slow.",
    "connection failed": "Could not connect to the site. It may be down, or blocking us.",
    "connection broken": "The connection broke off in the middle of the answer.",
    "dns failed": "The site's domain name could not be found. The domain may have expired or moved.",
    "bad address": "The address in sources.yaml is not a valid web address.",
    "private address refused": "The address leads into a private network, which we refuse to fetch.",
    "too large": "The answer was larger than the size limit (fetch.max_bytes).",
    "bad compression": "The site sent a compressed answer that could not be unpacked.",
    "redirect loop": "The site redirects in a circle.",
    "too many redirects": "The site redirected too many times.",
    "blocked by robots.txt": "The site's robots.txt asks crawlers like us not to fetch this address.",
    "robots.txt unavailable": "The site's robots.txt could not be read, so we did not fetch.",
    "unusable content": "The site answered, but with nothing readable as news: not a feed, or the "
    "page layout changed so the selectors in sources.yaml no longer match.",
    "gone": "The site says this address is gone for good (HTTP 410). Find the new address.",
    "internal error": "The aggregator itself failed on this source; the logs have details.",
}


@dataclass(frozen=True)
class ShownDate:
    """A date as honestly as we know it: with a time, day only, or only when we first saw it."""

    moment: datetime  # UTC
    precision: str  # "time": partner gave date and time; "day": the day only; "first_seen"

    @property
    def iso(self) -> str:
        return self.moment.date().isoformat() if self.precision == "day" else self.moment.strftime("%Y-%m-%dT%H:%MZ")

    @property
    def text(self) -> str:
        """Short form for a list grouped by day."""
        if self.precision == "day":
            return "day only"
        if self.precision == "first_seen":
            return f"no date given; first seen {self.moment:%H:%M} UTC"
        return f"{self.moment:%H:%M} UTC"

    @property
    def full(self) -> str:
        """Stand-alone form with the day."""
        day = f"{self.moment:%Y-%m-%d}"
        if self.precision == "day":
            return day
        if self.precision == "first_seen":
            return f"{day} (no date given; first seen then)"
        return f"{day} {self.moment:%H:%M} UTC"


def shown_date(moment: datetime, date_is_first_seen: bool) -> ShownDate:
    return ShownDate(utc(moment), date_precision(moment, date_is_first_seen))


@dataclass(frozen=True)
class StoryRow:
    story: Story
    href: str | None
    language: str | None  # a safe code, or None
    language_name: str
    partners: str  # space-separated partner ids, for the filter
    date: ShownDate
    hidden: HiddenStory | None = None  # kept out of the public files (staff pages only), and why
    note: str | None = None  # staff pages: how it is republished, when not as stored

    @property
    def badge_class(self) -> str:
        return self.hidden.reason.replace(" ", "-") if self.hidden else ""


@dataclass(frozen=True)
class Day:
    day: date
    rows: list[StoryRow]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # "Mar 2026"
    initial: str  # "M"
    current: bool  # the month not over yet


@dataclass(frozen=True)
class Chart:
    """Posts per month over the last year as bars (SVG coordinates), oldest first."""

    bars: list[Bar]
    total: int
    busiest: Bar | None
    width: int
    height: int
    plot_height: int

    @property
    def description(self) -> str:
        counts = ", ".join(f"{bar.label}: {bar.count}" for bar in self.bars)
        return f"Stories per month, {self.bars[0].label} to {self.bars[-1].label}. {counts}."


@dataclass(frozen=True)
class Partner:
    """One source as staff see it: activity, quietness and health."""

    source: SourceConfig
    status: SourceStatus | None
    page: str  # relative to the site root: "partners/<id>/"
    feed: FeedView | None  # its public feed; None for a monitor-only source
    last_post: ShownDate | None
    quiet_for: int | None  # days without a new story, when past site.quiet_days
    chart: Chart | None
    failure: str | None  # the last error in words, when failing
    polled_url: str
    moved_to: str | None = None  # answered "moved permanently": sources.yaml should say so
    problems: list[str] = field(default_factory=list)  # short labels: "failing", "quiet", ...
    has_page: bool = True  # False: an id unusable as a directory name (views.partners)

    @property
    def monitor_only(self) -> bool:
        """Collected and shown to staff, never republished (`publish: false`)."""
        return not self.source.publish

    @property
    def paused(self) -> bool:
        """Not collected (`enabled: false`); its stories stay."""
        return not self.source.enabled

    @property
    def anchor(self) -> str:
        return f"partner-{self.source.id}"

    @property
    def href(self) -> str | None:
        """The partner's site, not its feed (as sources.opml's htmlUrl)."""
        return safe_url(partner_site_url(self.source, self.status))

    @property
    def failures(self) -> int:
        return self.status.consecutive_failures if self.status else 0

    @property
    def last_result(self) -> str:
        """The last fetch's result in a few words."""
        status = self.status
        if status is None or status.last_fetch_at is None:
            return "not fetched yet"
        if status.consecutive_failures or getattr(status, "gone", False):
            return f"failed: {status.outcome or 'error'}"
        if status.outcome == "not modified":
            return "OK, nothing changed since the fetch before"
        return "OK" if status.outcome == "ok" else status.outcome or "OK"


@dataclass(frozen=True)
class QuietPartner:
    """A partner none of whose collected sources has had a new story for `days` days or more."""

    name: str
    anchor: str  # its first quiet source's card
    days: int  # the shortest silence among its sources
    sources: int


def partner_groups(partners: Sequence[Partner]) -> list[Group[Partner]]:
    """`partners` (one per source) grouped by organisation (sources.yaml `partner:`), failing ones
    first. A partner is quiet only when every source of it that is collected is: its blog page
    falling silent while its feed posts is no news, so such a source loses its "quiet" flag."""
    groups = []
    for group in group_partners(partners, lambda partner: partner.source):
        collected = [partner for partner in group.members if not partner.paused]
        all_quiet = bool(collected) and all(partner.quiet_for is not None for partner in collected)
        if group.grouped and not all_quiet:
            group = replace(group, members=tuple(_not_quiet(partner) for partner in group.members))
        groups.append(group)
    # Failing partners first (otherwise in the configured order): they need someone to act.
    return sorted(groups, key=lambda g: not any({"failing", "gone"} & set(p.problems) for p in g.members))


def _not_quiet(partner: Partner) -> Partner:
    return replace(partner, quiet_for=None, problems=[label for label in partner.problems if label != "quiet"])


def quiet_partners(groups: Sequence[Group[Partner]]) -> list[QuietPartner]:
    quiet = []
    for group in groups:
        silent = [partner for partner in group.members if partner.quiet_for is not None]
        if silent:
            days = min(partner.quiet_for or 0 for partner in silent)
            quiet.append(QuietPartner(group.name, silent[0].anchor, days, len(group.members)))
    return quiet


def story_rows(
    stories: Sequence[Story],
    hidden: Mapping[str, HiddenStory] | None = None,
    notes: Mapping[str, str] | None = None,
) -> list[StoryRow]:
    """Rows of `stories` in their order; a story whose id is in `hidden` carries why it is kept
    out, one in `notes` how it is republished."""
    hidden, notes = hidden or {}, notes or {}
    return [
        StoryRow(
            story=story,
            href=safe_url(story.url),
            language=language_key(story),
            language_name=language_name(language_key(story)),
            partners=" ".join(partner_ids(story)),
            date=shown_date(story.published, story.date_is_first_seen),
            hidden=hidden.get(story.id),
            note=notes.get(story.id),
        )
        for story in stories
    ]


def by_day(rows: Sequence[StoryRow]) -> list[Day]:
    # `rows` is newest first, so days come out newest first too.
    return [Day(day, list(group)) for day, group in groupby(rows, key=lambda r: r.date.moment.date())]


def language_name(code: str | None) -> str:
    if not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def partner_view(
    site: SiteInfo,
    source: SourceConfig,
    status: SourceStatus | None,
    feed: FeedView | None,
    stories: Sequence[Story] = (),
    *,
    has_page: bool = True,
) -> Partner:
    """How staff see `source`; `stories` are the ones of its own shown to staff (public or not)."""
    last_post = _last_post(status, [*(feed.stories if feed else []), *stories])
    quiet_for = None
    if last_post is not None:
        days = (utc(site.generated_at).date() - last_post.moment.date()).days
        quiet_for = days if days >= site.quiet_days else None
    failing = status is not None and status.consecutive_failures > 0
    # `gone` and `moved_to` are newer SourceStatus fields: read them softly.
    gone = bool(getattr(status, "gone", False))
    moved_to: str | None = getattr(status, "moved_to", None)
    if not source.enabled:
        # Paused on purpose: not collected, so its last fetch and its silence say nothing now.
        failing = gone = False
        quiet_for = None
    problems = [
        label
        for label, present in (
            ("paused", not source.enabled),
            ("gone", gone),
            ("failing", failing and not gone),
            ("quiet", quiet_for is not None),
            ("moved", moved_to is not None),
            ("not fetched yet", source.enabled and (status is None or status.last_fetch_at is None)),
        )
        if present
    ]
    polled = source.url
    if status is not None:
        polled = moved_to or status.fetch_url or source.url
    return Partner(
        source=source,
        status=status,
        page=f"partners/{source.id}/",
        feed=feed,
        last_post=last_post,
        quiet_for=quiet_for,
        chart=posts_chart(status.posts_per_month, site.generated_at) if status else None,
        failure=failure_words(status.outcome, status.http_status) if (failing or gone) and status else None,
        polled_url=polled,
        moved_to=moved_to,
        problems=problems,
        has_page=has_page,
    )


def _last_post(status: SourceStatus | None, stories: Sequence[Story]) -> ShownDate | None:
    """The partner's newest story date (from the store), marked first-seen when the story with
    that date (among the partner's published `stories`) had no date of its own."""
    if status is None or status.newest_item_at is None:
        return None
    newest = utc(status.newest_item_at)
    first_seen = any(s.date_is_first_seen and utc(s.published) == newest for s in stories)
    return shown_date(newest, first_seen)


def failure_words(outcome: str | None, http_status: int | None) -> str:
    """What the last failed fetch means, in a sentence staff can act on."""
    kind = (outcome or "").strip()
    if kind in ERROR_WORDS:
        return ERROR_WORDS[kind]
    match = re.fullmatch(r"HTTP (\d{3})", kind)
    if match or http_status:
        return _http_words(int(match.group(1)) if match else int(http_status or 0))
    return f"The last fetch failed ({kind or 'no details'})."


def _http_words(status: int) -> str:
    if status in (404, 410):
        return f"The address no longer exists on the site (HTTP {status}). The page or feed may have moved."
    if status in (401, 403):
        return f"The site refused us access (HTTP {status}). It may block unknown visitors or need a login."
    if status == 429:
        return "The site asked us to slow down (HTTP 429). We wait longer before the next try."
    if 500 <= status <= 599:
        return f"The site had a server error (HTTP {status}). Usually temporary."
    return f"The site answered with an error (HTTP {status})."


MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def posts_chart(counts: Sequence[int], now: datetime) -> Chart | None:
    """Bars for `counts` (oldest first, the last being the month of `now`), or None if empty."""
    if not counts:
        return None
    now = utc(now)
    step, bar_width, plot_height, label_height = 20, 14, 40, 12
    top = max(max(counts), 1)
    bars = []
    last = now.year * 12 + now.month - 1
    for index, count in enumerate(counts):
        month = last - (len(counts) - 1 - index)
        year, month_number = divmod(month, 12)
        # A month with posts gets at least a visible sliver; an empty one a hairline.
        height = max(round(count / top * plot_height, 1), 2.0) if count else 1.0
        bars.append(
            Bar(
                x=index * step + (step - bar_width) / 2,
                y=plot_height - height,
                width=bar_width,
                height=height,
                count=count,
                label=f"{MONTH_ABBR[month_number]} {year}",
                initial=MONTH_ABBR[month_number][0],
                current=index == len(counts) - 1,
            )
        )
    busiest = max(bars, key=lambda b: b.count) if any(counts) else None
    return Chart(bars, sum(counts), busiest, len(counts) * step, plot_height + label_height, plot_height)
