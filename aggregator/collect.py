"""Collection: one source through fetch -> parse -> extract -> store (`collect_source`), and a
pass running the due sources concurrently (`collect_pass`).

Each host's robots.txt is read at most once a day (while fresh, `fetch.politeness`): a pass
hands the fetcher the stored files of the hosts it will visit and stores what it read anew.

A source that fails, or even crashes the code, is recorded as failed; the others go on.

Parsing and cleaning run in worker processes (`offloop`), never on the event loop: a document
that takes seconds to parse delays its own source only, and one over PARSE_TIME_LIMIT is that
source's failure ("too slow to parse").
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import logging
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from aggregator.clean import CleanPage
from aggregator.clock import utc_now
from aggregator.fetch import Fetcher, origin
from aggregator.models import (
    Config,
    FetchRecord,
    FetchResult,
    Gathered,
    Item,
    ParsedPage,
    RawEntry,
    SaveResult,
    SourceConfig,
    SourceState,
)
from aggregator.offloop import ParserDiedError, TooSlowToParseError, shared_pool
from aggregator.parse.article import ArticleMeta, merge_article
from aggregator.store import Store
from aggregator.turns import HostTurns, sources_at_once
from aggregator.understand import Understood, article_meta, clean, understand, wants_article

log = logging.getLogger(__name__)
# Article pages read per source and pass: a page listing a hundred old posts on its first visit
# costs at most this many requests; the rest are stored with what the listing gave.
MAX_ARTICLES_PER_PASS = 30
# A pass stores the sources it gathered a batch per transaction: at most this many sources
# (304s and failures bring no items and cost little to store) ...
STORE_BATCH_SOURCES = 200
# ... or this many items. A first pass stores ~20 new stories per source; on SQLite, commit CPU
# per source at 10,000 sources was 2.4 ms one source per commit, 1.6 ms at 200 items, 1.0 at
# 1,000 and 0.5 at 4,000. A crash loses the batch being gathered: its sources are due again.
STORE_BATCH_ITEMS = 2000
# Sources under way at once in a pass, per request slot (fetch.concurrency): while one source is
# parsed or stored, another waits for the network in its place.
RUNNERS_PER_SLOT = 2
# Seconds one document (a feed, a page, an article page) may take to parse and clean in its
# worker. Ordinary feeds take milliseconds and a 10 MB one well under a second; a page 100,000
# elements deep took seconds: over this, its worker is killed and the source failed.
PARSE_TIME_LIMIT = 10.0


@dataclass(frozen=True)
class SourceReport:
    source_id: str
    outcome: str  # "ok", "not_modified" or "error"
    error_kind: str | None = None
    error_message: str | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0


@dataclass(frozen=True)
class PassReport:
    reports: tuple[SourceReport, ...]
    duration: float

    @property
    def new(self) -> int:
        return sum(report.new for report in self.reports)

    @property
    def updated(self) -> int:
        return sum(report.updated for report in self.reports)

    @property
    def failed(self) -> list[SourceReport]:
        return [report for report in self.reports if report.outcome == "error"]


async def collect_source(
    source: SourceConfig,
    *,
    store: Store,
    fetcher: Fetcher,
    excerpt_length: int,
    now: Callable[[], datetime] = utc_now,
) -> SourceReport:
    """Fetch, parse, clean and store one source; the outcome is stored whatever happens.

    `fetcher` may outlive this call and serve others at once (a worker's): it is given the stored
    robots.txt of the source's host unless it holds a fresh one, and what it read anew is stored.
    """
    state = store.source_state(source.id)
    unknown = fetcher.origins_without_fresh_robots([polled_origin(source, state)])
    if unknown:
        fetcher.remember_robots(store.robots_files(unknown))
    try:
        record, items = await _gather(source, state, store, fetcher, excerpt_length, now)
        [(stored, saved)] = _store_batch(store, [Gathered(record, items)])
    finally:
        store.save_robots_files(fetcher.take_robots_read())
    return _report(stored.record, stored.items, saved)


async def _gather(
    source: SourceConfig,
    state: SourceState,
    store: Store,
    fetcher: Fetcher,
    excerpt_length: int,
    now: Callable[[], datetime],
) -> tuple[FetchRecord, list[Item]]:
    """Fetch, parse and clean one source; never raises (a bug is recorded as the source's failure)."""
    try:
        result, understood, fetch_url = await _fetch_and_parse(source, fetcher, state, excerpt_length, now())
        cleaned: CleanPage | None = understood.cleaned if understood else None
        if understood and cleaned is None:
            page = understood.page
            page = await _complete_from_articles(page, source, fetcher, store.known_guids(source.id, _guids(page)))
            try:
                cleaned = await shared_pool().run(PARSE_TIME_LIMIT, clean, page, source, excerpt_length, now())
            except (TooSlowToParseError, ParserDiedError) as error:
                result = _parse_failed(result, error)
        items = list(cleaned.items) if cleaned else []
        if cleaned and cleaned.cuts.note and result.outcome == "ok":
            # Shown with the outcome on the staff page and in `aggregator status --json`.
            result = dataclasses.replace(result, error_message=cleaned.cuts.note)
    except Exception as error:  # a bug must cost one source, not the pass
        log.exception("collect failed source=%s", source.id)
        result = FetchResult(
            url=source.url,
            outcome="error",
            error_kind="internal error",
            error_message=f"{type(error).__name__}: {error}",
        )
        items, fetch_url = [], state.fetch_url
    return FetchRecord(source, result, fetch_url, now()), items


def _store_batch(store: Store, batch: Sequence[Gathered]) -> list[tuple[Gathered, SaveResult]]:
    """Store a batch in one transaction, and say what was stored for each source. If that
    fails, each source is stored alone, and one that still fails is stored as failed without
    its items: a source whose data the database refuses costs that source, not its batch."""
    try:
        return list(zip(batch, store.record_collections(batch), strict=True))
    except Exception as error:
        if len(batch) > 1:
            return [stored for gathered in batch for stored in _store_batch(store, [gathered])]
        log.exception("storing failed source=%s", batch[0].record.source.id)
        record = batch[0].record
        failed = FetchResult(
            url=record.result.url,
            outcome="error",
            error_kind="internal error",
            error_message=f"storing failed: {type(error).__name__}: {error}",
        )
        stored = Gathered(dataclasses.replace(record, result=failed))
    # Should this fail too, the database itself is failing: that ends the pass.
    return [(stored, store.record_collections([stored])[0])]


def polled_origin(source: SourceConfig, state: SourceState) -> str:
    """The host a source is fetched from (its discovered feed's, if any): whose robots.txt and
    per-host limit apply to it first."""
    return origin(state.fetch_url or source.url)


def _report(record: FetchRecord, items: Sequence[Item], saved: SaveResult) -> SourceReport:
    result = record.result
    log.info(
        "collected source=%s outcome=%s error=%s entries=%d new=%d updated=%d seconds=%.2f",
        record.source.id, result.outcome, result.error_kind, len(items), saved.new, saved.updated, result.duration,
    )  # fmt: skip
    return SourceReport(
        record.source.id, result.outcome, result.error_kind, result.error_message, len(items), saved.new, saved.updated
    )


async def _fetch_and_parse(
    source: SourceConfig, fetcher: Fetcher, state: SourceState, excerpt_length: int, now: datetime
) -> tuple[FetchResult, Understood | None, str | None]:
    """Returns the fetch to record, the document understood (None when there is nothing to
    parse) and the address to poll next time (a feed discovered from the configured page)."""
    result = await fetcher.fetch(state.fetch_url or source.url, state.cache)
    known_feed = result.permanent_redirect or state.fetch_url
    if result.outcome != "ok" or result.digest == state.body_digest:
        return result, None, known_feed
    try:
        understood = await shared_pool().run(PARSE_TIME_LIMIT, understand, result, source, excerpt_length, now)
    except (TooSlowToParseError, ParserDiedError) as error:
        return _parse_failed(result, error), None, known_feed
    page, fetch_url = understood.page, known_feed
    if page.kind == "discovered" and page.feed_url:
        # The configured address is a page pointing at a feed: poll the feed from now on.
        result = await fetcher.fetch(page.feed_url)
        fetch_url = result.permanent_redirect or page.feed_url
        if result.outcome != "ok":
            return result, None, known_feed
        as_feed = dataclasses.replace(source, type="feed")
        try:
            understood = await shared_pool().run(PARSE_TIME_LIMIT, understand, result, as_feed, excerpt_length, now)
        except (TooSlowToParseError, ParserDiedError) as error:
            return _parse_failed(result, error), None, known_feed
        page = understood.page
    if page.kind == "unusable":
        failed = dataclasses.replace(result, outcome="error", error_kind="unusable content", error_message=page.error)
        return failed, None, known_feed
    return result, understood, fetch_url


def _parse_failed(result: FetchResult, error: TooSlowToParseError | ParserDiedError) -> FetchResult:
    """The fetch, recorded as its source's failure: its document could not be understood."""
    kind = "too slow to parse" if isinstance(error, TooSlowToParseError) else "parser died"
    return dataclasses.replace(result, outcome="error", error_kind=kind, error_message=str(error))


def _guids(page: ParsedPage) -> list[str]:
    return [(entry.guid or entry.link or "").strip() for entry in page.entries]


async def _complete_from_articles(
    page: ParsedPage, source: SourceConfig, fetcher: Fetcher, known: set[str]
) -> ParsedPage:
    """A news page found without selectors often lacks dates or excerpts, and a `full_text`
    source's feed gives titles alone: read what is missing from the article pages of the
    entries not stored before (each article is fetched once, politely, at most
    MAX_ARTICLES_PER_PASS a pass)."""
    guids = _guids(page)
    wanted = [
        index
        for index, (entry, guid) in enumerate(zip(page.entries, guids, strict=True))
        if guid not in known and wants_article(entry, page, source)
    ][:MAX_ARTICLES_PER_PASS]
    metas = await asyncio.gather(
        *(_read_article(fetcher, page.entries[index].link or "", source.full_text) for index in wanted)
    )
    entries = list(page.entries)
    for index, meta in zip(wanted, metas, strict=True):
        if meta is not None:
            merged = merge_article(entries[index], meta)
            # A feed's own link stays; a news page's entry takes the article's canonical address.
            entries[index] = _with_canonical(merged, meta.canonical_url) if page.kind == "html" else merged
    if source.full_text:
        # A stored entry the feed still gives as a title alone was read from its article before
        # (or was past the cap then): storing the feed's copy again would replace that excerpt.
        kept = [
            entry
            for entry, guid in zip(entries, guids, strict=True)
            if not (guid in known and wants_article(entry, page, source))
        ]
        entries = kept
    return dataclasses.replace(page, entries=tuple(entries))


async def _read_article(fetcher: Fetcher, link: str, full_text: bool = False) -> ArticleMeta | None:
    """An article page's metadata (and main text, for `full_text`); None when it could not be
    fetched or read in time (the entry keeps what the listing gave)."""
    result = await fetcher.fetch(link)
    if result.outcome != "ok":
        return None
    try:
        return await shared_pool().run(PARSE_TIME_LIMIT, article_meta, result, full_text)
    except (TooSlowToParseError, ParserDiedError) as error:
        log.warning("article page skipped url=%s: %s", link, error)
        return None


def _with_canonical(entry: RawEntry, canonical: str | None) -> RawEntry:
    """The article's own <link rel="canonical"> becomes the published link when it stays on the
    same site; the guid stays the listing's link, so the next visit still recognises the post."""
    if not canonical or not entry.link or urlsplit(canonical).hostname != urlsplit(entry.link).hostname:
        return entry
    return dataclasses.replace(entry, link=canonical, guid=entry.guid or entry.link)


async def collect_pass(
    config: Config,
    store: Store,
    *,
    only: Collection[str] = (),
    everything: bool = False,
    now: Callable[[], datetime] = utc_now,
    on_gathered: Callable[[FetchRecord, int, Mapping[str, SourceReport]], None] | None = None,
) -> PassReport:
    """Collect the due sources (every source not gone with `everything`, or just `only`) concurrently.

    `on_gathered` hears of each source as soon as it is fetched and parsed (for a progress line):
    its fetch, how many sources the pass takes, and the reports of the sources stored so far (new
    stories are known once their batch is stored)."""
    started = time.monotonic()
    store.sync_sources(config.sources)
    if only:
        chosen = [source for source in config.sources if source.id in only]
    elif everything:
        gone = store.gone_source_ids()  # a 410 stays gone until its address changes in the config
        chosen = [source for source in config.sources if source.id not in gone]
    else:
        due = store.due_source_ids(now())
        chosen = [source for source in config.sources if source.id in due]
    chosen = [source for source in chosen if source.enabled]  # `enabled: false`: paused
    states = store.source_states([source.id for source in chosen])
    hosts = [(polled_origin(source, states[source.id]), source) for source in chosen]
    known_robots = store.robots_files({host for host, _ in hosts})
    reports: dict[str, SourceReport] = {}
    # Sources gathered but not stored yet: written a batch per transaction. If the process dies
    # first, nothing of theirs is stored and they are simply due again next pass.
    waiting: list[Gathered] = []
    waiting_items = 0

    def store_waiting() -> None:
        nonlocal waiting_items
        batch = list(waiting)
        waiting.clear()
        waiting_items = 0
        for stored, saved in _store_batch(store, batch):
            reports[stored.record.source.id] = _report(stored.record, stored.items, saved)

    async def collect(source: SourceConfig) -> None:
        record, items = await _gather(source, states[source.id], store, fetcher, config.excerpt_length, now)
        nonlocal waiting_items
        waiting.append(Gathered(record, items))
        waiting_items += len(items)
        if len(waiting) >= STORE_BATCH_SOURCES or waiting_items >= STORE_BATCH_ITEMS:
            store_waiting()
        if on_gathered is not None:
            on_gathered(record, len(chosen), reports)

    # A few sources per request slot are under way at once, not every due source: thousands of
    # started tasks would each hold their frames and a request while waiting for a slot, and
    # starting them all blocks the event loop before the first answer is read.
    fetch = config.fetch

    async def runner(turns: HostTurns) -> None:
        while (turn := await turns.next()) is not None:
            host, source = turn
            try:
                await collect(source)
            finally:
                turns.done(host)

    with _older_objects_left_alone():
        async with Fetcher(fetch, robots_files=known_robots, now=now) as fetcher:
            try:
                turns = HostTurns(hosts, lambda host: sources_at_once(fetcher, host, RUNNERS_PER_SLOT))
                fetcher.on_limits_change(turns.limits_changed)
                await asyncio.gather(
                    # The hosts' robots.txt read ahead of their sources, in slots no request wants
                    # (it ends by itself: once the runners are done, every host's is known).
                    fetcher.read_robots_ahead(dict.fromkeys(host for host, _ in hosts)),
                    *(runner(turns) for _ in range(min(len(chosen), RUNNERS_PER_SLOT * fetch.concurrency))),
                )
            finally:
                store_waiting()
                store.save_robots_files(fetcher.take_robots_read())
    store.refresh_statistics()
    report = PassReport(tuple(reports[source.id] for source in chosen), time.monotonic() - started)
    log.info(
        "pass sources=%d new=%d updated=%d errors=%d seconds=%.2f",
        len(report.reports),
        report.new,
        report.updated,
        len(report.failed),
        report.duration,
    )
    return report


@contextlib.contextmanager
def _older_objects_left_alone() -> Iterator[None]:
    """The garbage collector leaves alone, until the end of a pass, every object made before it
    (modules, the language model, caches): a full collection would scan them all, ~90 ms of
    blocked event loop while requests wait, once or more a pass. They are handed back at the
    end, so a long-running process still collects its old garbage between passes."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
