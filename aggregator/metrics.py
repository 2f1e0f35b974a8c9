"""Prometheus metrics, made from the store each time they are asked for (no counters kept in a
process: `serve`, cron's `collect` and `publish` all tell the same numbers).

Labels: `source` only (a configured source id), so the series number is bounded by the config.

Who may see a monitor-only partner's id (`publish: false`): they must not leak publicly.
- `serve`'s /metrics answers only to the staff login (like /staff/) and lists every configured
  source, monitor-only ones included.
- The node-exporter textfile (`metrics_textfile`) is read by an exporter that usually asks no
  password: it lists only publicly republished sources by id, and monitor-only ones as counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest, write_to_textfile
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from aggregator.models import Config, PassRecord, SourceConfig, SourceStatus
from aggregator.store import Store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # the text format generate_latest writes


@dataclass(frozen=True)
class Snapshot:
    """What the metrics say, read from the store at one moment."""

    sources: tuple[SourceConfig, ...]
    statuses: tuple[SourceStatus, ...]
    last_pass: PassRecord | None
    last_publish_at: datetime | None  # the last successful publish
    publish_failed: bool  # the last publish attempt failed


def snapshot(config: Config, store: Store) -> Snapshot:
    published, error = store.publish_outcome(str(config.output_dir))
    return Snapshot(
        sources=config.sources,
        statuses=tuple(store.source_statuses(config.sources)),
        last_pass=store.last_pass(),
        last_publish_at=published,
        publish_failed=error is not None,
    )


def exposition(snap: Snapshot, *, monitor_only_by_id: bool) -> bytes:
    """The Prometheus text format; `monitor_only_by_id` False: monitor-only sources only as counts."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Gauges(snap, monitor_only_by_id))
    return generate_latest(registry)


def write_textfile(path: Path, snap: Snapshot) -> None:
    """Write the metrics for node-exporter's textfile collector, public sources only by id.

    Written beside `path` and renamed over it, so the exporter never reads half a file."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Gauges(snap, monitor_only_by_id=False))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(os.fspath(path), registry)


class _Gauges(Collector):
    def __init__(self, snap: Snapshot, monitor_only_by_id: bool) -> None:
        self.snap = snap
        self.monitor_only_by_id = monitor_only_by_id

    def collect(self) -> Iterator[GaugeMetricFamily]:
        snap = self.snap
        public = {source.id for source in snap.sources if source.publish}
        shown = [s for s in snap.statuses if self.monitor_only_by_id or s.id in public]
        hidden = [s for s in snap.statuses if s.id not in public]

        success = _per_source("aggregator_source_last_success_timestamp_seconds", "Last successful fetch (Unix time)")
        failures = _per_source("aggregator_source_consecutive_failures", "Failed fetches in a row")
        items = _per_source("aggregator_source_items", "Items stored from the source")
        for status in shown:
            if status.last_success_at is not None:
                success.add_metric([status.id], status.last_success_at.timestamp())
            failures.add_metric([status.id], status.consecutive_failures)
            items.add_metric([status.id], status.items_total)
        yield from (success, failures, items)

        yield _gauge("aggregator_sources", "Configured sources", len(snap.sources))
        yield _gauge("aggregator_monitor_only_sources", "Configured monitor-only sources (publish: false)", len(hidden))
        yield _gauge(
            "aggregator_monitor_only_sources_failing",
            "Monitor-only sources whose last fetch failed",
            sum(1 for s in hidden if s.consecutive_failures > 0),
        )

        last = snap.last_pass
        yield _gauge("aggregator_last_pass_timestamp_seconds", "When the last pass ended", last and last.finished_at)
        yield _gauge("aggregator_last_pass_duration_seconds", "How long the last pass took", last and last.duration)
        yield _gauge("aggregator_last_pass_sources", "Sources the last pass collected", last and last.sources)
        yield _gauge("aggregator_last_pass_new_stories", "New stories in the last pass", last and last.new)
        yield _gauge(
            "aggregator_last_pass_failed_sources", "Sources that failed in the last pass", last and last.failed
        )

        yield _gauge("aggregator_last_publish_timestamp_seconds", "Last successful publish", snap.last_publish_at)
        yield _gauge(
            "aggregator_last_publish_failed", "1 when the last publish attempt failed", int(snap.publish_failed)
        )


def _per_source(name: str, documentation: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=["source"])


def _gauge(name: str, documentation: str, value: float | datetime | None) -> GaugeMetricFamily:
    """A gauge with one sample, or none when the value is not known yet (never a made-up 0)."""
    family = GaugeMetricFamily(name, documentation)
    if value is not None:
        family.add_metric([], value.timestamp() if isinstance(value, datetime) else float(value))
    return family
