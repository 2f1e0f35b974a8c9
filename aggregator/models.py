"""The records passed between the stages: config -> fetch -> parse -> extract -> store -> publish.

Every record is a frozen dataclass so a stage can only hand data forward, never reach back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

SourceType = Literal["auto", "feed", "html"]


# --- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selectors:
    """CSS selectors that turn an HTML news page into entries (sources.yaml `select`)."""

    item: str
    title: str
    link: str | None = None
    excerpt: str | None = None
    date: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class SourceConfig:
    id: str
    name: str
    url: str
    type: SourceType = "auto"
    languages: tuple[str, ...] = ()
    interval: timedelta = timedelta(minutes=30)
    select: Selectors | None = None
    # Staff's controls over what is republished (README "Partners' safety"):
    publish: bool = True  # false: monitor only; collected and shown to staff, never in a public file
    include: tuple[str, ...] = ()  # rules (aggregator.rules): a story must match one of these, if any
    exclude: tuple[str, ...] = ()  # ... and none of these, to be republished from this source
    # False: polled every `interval` even when the partner posts rarely (polling.rhythm_interval)
    adaptive: bool = True
    # False: paused. Not collected and never flagged failing or quiet; its stories stay as they are
    # (republished or not by `publish`), and staff see it as paused.
    enabled: bool = True
    # The organisation this source belongs to, as the pages name it: sources with the same
    # `partner` (a feed and a blog page, two language sites) are shown as one partner.
    partner: str | None = None
    # True: items whose feed gives only a title or one line take their excerpt from the article
    # page's main text (aggregator.parse.maintext), read within the pass's cap on article pages.
    full_text: bool = False


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    user_agent: str = ""
    allow_private_networks: bool = False
    allowed_networks: tuple[str, ...] = ()  # CIDRs exempt from the private-address guard
    max_redirects: int = 5
    concurrency: int = 10
    per_host: int = 2


@dataclass(frozen=True)
class StaffSettings:
    """Where the staff pages go and who may read them through `serve` (under /staff/)."""

    output_dir: Path  # never inside the public output_dir, nor the other way round
    user: str = "staff"
    password_hash: str | None = None  # aggregator.staff_auth format; None: `serve` does not serve /staff/


@dataclass(frozen=True)
class NotifySettings:
    """Where changes in partners' health are posted (aggregator.notify)."""

    webhook: str  # an incoming-webhook address (Slack, Mattermost, Matrix hookshot); it is a secret
    monitor_only: bool = False  # also monitor-only partners: their names then reach the chat's server


@dataclass(frozen=True)
class Config:
    title: str
    link: str
    output_dir: Path
    database: str
    excerpt_length: int
    fetch: FetchSettings
    sources: tuple[SourceConfig, ...]
    max_items: int = 100
    websub_hub: str | None = None
    quiet_days: int = 30
    auto_migrate: bool = True  # commands upgrade the schema themselves; false: only `migrate` does
    preferred_languages: tuple[str, ...] = ("en", "sv", "ru", "ky", "kk", "uz", "tg", "pl")
    path: Path | None = None
    staff: StaffSettings | None = None  # None only in configs built by hand: staff pages beside output_dir
    keep_fetches: timedelta = timedelta(days=90)  # fetch log rows (and pass records) older than this are pruned
    metrics_textfile: Path | None = None  # collect and publish write Prometheus metrics here (node-exporter)
    notify: NotifySettings | None = None

    @property
    def staff_settings(self) -> StaffSettings:
        return self.staff or StaffSettings(output_dir=self.output_dir.parent / f"{self.output_dir.name}-staff")

    def source(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


# --- fetch -----------------------------------------------------------------------------------

Outcome = Literal["ok", "not_modified", "error"]


@dataclass(frozen=True)
class CacheInfo:
    """Validators from the last successful response, sent back as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """What one HTTP fetch gave. "Not modified" and failures are values, not exceptions."""

    url: str  # the address asked for
    outcome: Outcome
    final_url: str = ""  # after redirects
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    encoding: str | None = None  # decided by the fetcher: HTTP charset, BOM, prolog, meta, detection
    cache: CacheInfo = CacheInfo()
    error_kind: str | None = None  # short, stable words: "timeout", "too large", "HTTP 500"...
    error_message: str | None = None
    duration: float = 0.0
    permanent_redirect: str | None = None  # every hop was 301/308: the address to poll from now on
    retry_after: datetime | None = None  # 429/503 said when to come back
    max_age: int | None = None  # Cache-Control max-age in seconds: a minimum polling interval

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")

    @property
    def digest(self) -> str:
        """Identifies the body: a server that ignores conditional GET but sends the same bytes
        again costs no parsing."""
        return hashlib.sha256(self.body).hexdigest()[:32]


@dataclass(frozen=True)
class RobotsFile:
    """A host's robots.txt as the fetcher read it, kept across passes (store table `robots`).

    What it means for crawling (rules, no rules, or "try later") and how long it is trusted are
    decided in `fetch.politeness`.
    """

    origin: str  # "https://example.org" or "http://host:8080": scheme, host and port, lower case
    status: int | None  # of the last answer, after redirects; None: no answer at all
    text: str  # the body of a 2xx answer, otherwise ""
    read_at: datetime  # aware, UTC
    error: str | None = None  # why there was no answer (status None), e.g. "ConnectTimeout"


# --- parse -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """A file a post carries (an RSS enclosure, an Atom enclosure link, a JSON Feed attachment):
    a report's PDF, a podcast's audio. Published as a link only, never fetched by us."""

    url: str
    type: str = ""  # its media type as the partner stated it ("" when unknown)
    length: int = 0  # in bytes as stated; 0 when unknown (RSS's usual practice)


@dataclass(frozen=True)
class RawEntry:
    """One item as the source presented it, before cleaning."""

    link: str | None
    title: str | None
    guid: str | None = None
    summary: str | None = None  # HTML or text
    content: str | None = None  # HTML or text
    published: datetime | None = None
    updated: datetime | None = None
    author: str | None = None
    language: str | None = None  # item-level metadata (xml:lang, dc:language)
    published_text: str | None = None  # the date as written, for when it could not be parsed yet
    # The format declares the title plain text (Atom type="text", JSON Feed, text read off an
    # HTML page): nothing in it is markup. False: it may hold HTML (RSS, Atom html/xhtml).
    title_is_text: bool = False
    # Addresses of the same post in other languages: `<link rel="alternate" hreflang>` (Atom,
    # or inside an HTML item block). The entry's own link is never among them.
    alternates: tuple[str, ...] = ()
    # Media as the feed gave them, resolved against the document but not yet cleaned
    # (aggregator.media): the lead image, the enclosures, the categories/tags.
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedPage:
    """A fetched document understood: a feed or a scraped page with entries, or a pointer to a
    feed found in an HTML page (`feed_url`), or nothing usable (`error`)."""

    kind: Literal["feed", "html", "discovered", "unusable"]
    title: str | None = None
    link: str | None = None
    language: str | None = None
    entries: tuple[RawEntry, ...] = ()
    feed_url: str | None = None
    error: str | None = None


# --- extract ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One cleaned sighting of a story at one source, ready to store."""

    source_id: str
    guid: str  # stable within the source: GUID, else canonical link, else title hash
    url: str  # the partner's link without tracking parameters (dedup.clean_url)
    title: str
    summary: str
    language: str | None
    published: datetime | None  # None: the store dates it at first sight
    updated: datetime | None = None
    author: str | None = None
    raw_title: str | None = None  # the title as published, language marker included (dedup uses it)
    alternates: tuple[str, ...] = ()  # the post in other languages (hreflang links), clean_url'd
    # Cleaned and capped (aggregator.media): addresses as safe as links, tags trimmed and unique.
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()


# --- collect -> store (fetch outcomes and their items) ----------------------------------------


@dataclass(frozen=True)
class SourceState:
    """What the collector needs to know about a source before fetching it."""

    fetch_url: str | None
    cache: CacheInfo
    body_digest: str | None = None


@dataclass(frozen=True)
class FetchRecord:
    """One source's fetch outcome to store, with how many new stories it brought."""

    source: SourceConfig
    result: FetchResult
    fetch_url: str | None  # the address to poll next time
    at: datetime
    new_stories: int = 0


@dataclass(frozen=True)
class Gathered:
    """One source's fetch outcome with the items it gave (none for a 304 or a failure)."""

    record: FetchRecord
    items: Sequence[Item] = ()


@dataclass(frozen=True)
class SaveResult:
    new: int
    updated: int


# --- store -> publish / status ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceRef:
    id: str
    name: str
    url: str


@dataclass(frozen=True)
class Sighting:
    """A story as another source (not the story's main one) listed it: its own link and words.

    url/title/summary are None for sightings stored before migration 0008."""

    source: SourceRef
    url: str | None
    title: str | None
    summary: str | None
    first_seen_at: datetime


@dataclass(frozen=True)
class Story:
    """A story as published: one per real-world post, however many times it was seen."""

    id: str  # stable forever, e.g. "urn:uuid:..."
    url: str
    title: str
    summary: str
    language: str | None
    published: datetime
    updated: datetime
    date_is_first_seen: bool
    author: str | None
    source: SourceRef
    also_published_by: tuple[SourceRef, ...] = ()
    # Language versions of one post share a group (the first version's id); the combined feed
    # shows one version per group, each language feed its own.
    group_id: str = ""
    # Other sources' sightings, one per source (its earliest), in also_published_by's order:
    # when the main source may not be republished, a public one stands in (aggregator.visibility).
    sightings: tuple[Sighting, ...] = ()
    # Why each other source's sighting was merged into this story, in also_published_by's order:
    # (source name, reason), e.g. ("ADC Memorial", "near-duplicate (distance 2, fingerprint band)").
    merge_reasons: tuple[tuple[str, str], ...] = ()
    # The main source's media (store table story_media); dropped when another source stands in
    # for a source that may not be republished (aggregator.visibility).
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Withdrawal:
    """Staff took a story out of every public file (`aggregator withdraw`); kept after a restore."""

    story_id: str
    reason: str
    by: str
    at: datetime
    title: str = ""  # the story's, for the staff page
    url: str = ""
    restored_by: str | None = None
    restored_at: datetime | None = None

    @property
    def in_force(self) -> bool:
        return self.restored_at is None


HiddenReason = Literal["withdrawn", "monitor only", "removed from the config", "filtered"]


@dataclass(frozen=True)
class HiddenStory:
    """A story kept out of the public files, and why (shown to staff)."""

    story: Story
    reason: HiddenReason
    detail: str  # "exclude rule 'футбол*'", "withdrawn by anna 2026-12-07: risk to the author"...


@dataclass(frozen=True)
class Visibility:
    """What the public may see (aggregator.visibility.decide), and what staff see beside it."""

    public: tuple[Story, ...]  # as republished: hidden sources' sightings dropped, a public one standing in
    hidden: tuple[HiddenStory, ...]  # every other story of the window, with why
    withdrawals: tuple[Withdrawal, ...] = ()  # in force and restored, newest first
    removed_sources: tuple[SourceRef, ...] = ()  # stored sources no longer in the config
    # Public stories whose main source is hidden, as stored: staff see whose they were first,
    # the public only the sighting standing in (in `public`, same id).
    stand_ins: tuple[Story, ...] = ()


@dataclass(frozen=True)
class SourceStatus:
    id: str
    name: str
    url: str  # the configured address
    fetch_url: str | None  # the address actually polled (a discovered feed)
    last_fetch_at: datetime | None
    outcome: str | None  # "ok", "not modified", or the error kind
    error_message: str | None
    http_status: int | None
    consecutive_failures: int
    last_success_at: datetime | None
    next_check_at: datetime | None
    items_total: int
    newest_item_at: datetime | None
    # Stories first published by this source per calendar month (UTC), oldest first, the last
    # entry being the current month: twelve numbers for the staff page's activity chart.
    posts_per_month: tuple[int, ...] = ()
    gone: bool = False  # answered 410: no longer polled until its address in the config changes
    moved_to: str | None = None  # moved permanently (301/308): polled there; the config should say so


@dataclass(frozen=True)
class SiteInfo:
    """What publishing needs to know about the aggregator itself."""

    title: str
    link: str  # where the published files live
    generated_at: datetime
    sources: tuple[SourceConfig, ...] = field(default=())
    websub_hub: str | None = None  # advertised in every feed as <link rel="hub"> when set
    quiet_days: int = 30  # the page warns about a partner with no new story for this long
    preferred_languages: tuple[str, ...] = ()  # which version of a multilingual post the combined feed shows


# --- watching the aggregator (metrics, alerts, history) ------------------------------------------


@dataclass(frozen=True)
class PassRecord:
    """One collection pass as kept for metrics."""

    finished_at: datetime
    duration: float  # seconds
    sources: int
    new: int  # new stories
    failed: int  # sources whose fetch failed


@dataclass(frozen=True)
class FetchLine:
    """One row of a source's fetch history (`status SOURCE`)."""

    at: datetime
    url: str
    outcome: str
    status: int | None
    bytes: int
    duration: float
    error_kind: str | None
    error_message: str | None


@dataclass(frozen=True)
class AlertState:
    """What the webhook was last told about a source: failing or not, quiet or not."""

    source_id: str
    failing: bool = False
    quiet: bool = False
