"""The stages wired together for the commands: open the store, collect, publish."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from aggregator.collect import PassReport, collect_pass, utc_now
from aggregator.models import Config, SiteInfo
from aggregator.publish import publish
from aggregator.store import Store


def open_store(config: Config) -> Store:
    """Connect and make sure the schema exists. Raises StoreError when the database is unusable."""
    store = Store(config.database)
    store.create_schema()
    return store


def publish_outputs(config: Config, store: Store) -> list[Path]:
    """Write every published file from the database; returns the files whose bytes changed."""
    site = SiteInfo(
        title=config.title,
        link=config.link,
        generated_at=utc_now(),
        sources=config.sources,
        websub_hub=config.websub_hub,
        quiet_days=config.quiet_days,
    )
    stories = store.latest_stories(config.max_items)
    statuses = store.source_statuses(config.sources, now=site.generated_at)
    return publish(config.output_dir, site, stories, statuses, max_items=config.max_items)


@dataclass(frozen=True)
class RunReport:
    collection: PassReport
    changed: list[Path]


def run_once(config: Config, store: Store, *, only: Collection[str] = (), everything: bool = False) -> RunReport:
    """One collection pass, then a publish (what cron calls)."""
    collection = asyncio.run(collect_pass(config, store, only=only, everything=everything))
    return RunReport(collection, publish_outputs(config, store))
