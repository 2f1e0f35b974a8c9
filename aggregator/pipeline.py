"""The stages wired together for the commands: open the store, collect, publish."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from aggregator.clock import utc_now
from aggregator.collect import PassReport, SourceReport, collect_pass
from aggregator.config import sqlite_file
from aggregator.fetch import Fetcher
from aggregator.lock import collection_lock, lock_path
from aggregator.models import Config, FetchRecord, SiteInfo, SourceConfig, SourceStatus, Visibility
from aggregator.publish import PublishError, publish
from aggregator.store import Store, StoreError
from aggregator.visibility import decide
from aggregator.watch import after_pass, after_publish

# How far back publishing looks for public stories, in multiples of max_items, when hidden ones
# (withdrawn, monitor-only, filtered) crowd the newest: bounded, so a source that is almost all
# filtered out cannot make every publish read the whole database.
WINDOW_GROWTH_LIMIT = 16

log = logging.getLogger(__name__)


def open_store(config: Config) -> Store:
    """Connect and bring the schema up to date (unless `auto_migrate: false`, when an old schema
    is an error asking for `aggregator migrate`). Raises StoreError when the database is unusable."""
    store = Store(config.database)
    if config.auto_migrate:
        store.create_schema()
    elif not store.schema_is_current():
        raise StoreError("the database schema is older than this version: run `aggregator migrate`")
    return store


def missing_database_file(config: Config) -> Path | None:
    """The SQLite file the config names when it does not exist yet (read-only commands must not
    create it by opening it); None when it exists or the database is not an SQLite file."""
    path = sqlite_file(config.database)
    return None if path is None or path.exists() else path


def never_fetched(source: SourceConfig) -> SourceStatus:
    """A source's status before anything was collected."""
    return SourceStatus(
        id=source.id,
        name=source.name,
        url=source.url,
        fetch_url=None,
        last_fetch_at=None,
        outcome=None,
        error_message=None,
        http_status=None,
        consecutive_failures=0,
        last_success_at=None,
        next_check_at=None,
        items_total=0,
        newest_item_at=None,
    )


def publish_outputs(config: Config, store: Store) -> list[Path]:
    """Write every published file from the database; returns the files whose bytes changed.

    The outcome is kept in the store for /healthz. Raises PublishError when the files cannot be
    written; the files published before stay as they were."""
    site = SiteInfo(
        title=config.title,
        link=config.link,
        generated_at=utc_now(),
        sources=config.sources,
        websub_hub=config.websub_hub,
        quiet_days=config.quiet_days,
        preferred_languages=config.preferred_languages,
    )
    visibility = decide_visibility(config, store)
    statuses = store.source_statuses(config.sources, now=site.generated_at)
    staff_dir = config.staff_settings.output_dir
    try:
        changed = publish(config.output_dir, staff_dir, site, visibility, statuses, max_items=config.max_items)
    except PublishError as error:
        store.record_publish(str(config.output_dir), site.generated_at, str(error))
        after_publish(config, store)
        raise
    store.record_publish(str(config.output_dir), site.generated_at)
    after_publish(config, store)
    if config.websub_hub:
        feeds = [path for path in changed if path.name.startswith("feed.") and config.output_dir in path.parents]
        topics = [config.link + path.relative_to(config.output_dir).as_posix() for path in feeds]
        asyncio.run(_ping_hub(config, config.websub_hub, topics))
    return changed


def decide_visibility(config: Config, store: Store) -> Visibility:
    """The newest stories and what the public may see of them (aggregator.visibility).

    The window of stories read grows while hidden ones leave the combined feed short of
    max_items and older stories remain, up to WINDOW_GROWTH_LIMIT times max_items."""
    withdrawals = store.withdrawals()
    removed = store.removed_sources({source.id for source in config.sources})
    window = config.max_items
    while True:
        stories = store.latest_stories(window)
        visibility = decide(stories, config.sources, withdrawals, removed)
        enough = len(visibility.public) >= config.max_items or len(stories) < window
        if enough or window >= config.max_items * WINDOW_GROWTH_LIMIT:
            return visibility
        window *= 2


async def _ping_hub(config: Config, hub: str, topics: list[str]) -> None:
    """WebSub: tell the hub which feeds changed, so subscribers hear of new stories at once."""
    async with Fetcher(config.fetch) as fetcher:
        errors = await asyncio.gather(*(fetcher.ping_hub(hub, topic) for topic in topics))
    for topic, error in zip(topics, errors, strict=True):
        if error:
            log.warning("websub ping failed hub=%s topic=%s error=%s", hub, topic, error)


@dataclass(frozen=True)
class RunReport:
    collection: PassReport
    changed: list[Path]


def collect(
    config: Config,
    store: Store,
    *,
    only: Collection[str] = (),
    everything: bool = False,
    on_gathered: Callable[[FetchRecord, int, Mapping[str, SourceReport]], None] | None = None,
) -> PassReport | None:
    """One collection pass under the collection lock; None when another one holds it.
    `on_gathered`: see `collect_pass`."""
    with collection_lock(config.database) as held:
        if not held:
            log.warning("skipped: another collection is running (lock %s)", lock_path(config.database))
            return None
        report = asyncio.run(collect_pass(config, store, only=only, everything=everything, on_gathered=on_gathered))
        after_pass(config, store, report)  # metrics, pruning, the webhook: never raises
        return report


def run_once(config: Config, store: Store, *, only: Collection[str] = (), everything: bool = False) -> RunReport | None:
    """One collection pass, then a publish (what cron calls); None when skipped."""
    collection = collect(config, store, only=only, everything=everything)
    if collection is None:
        return None
    return RunReport(collection, publish_outputs(config, store))
