"""What follows a pass and a publish for those watching: the pass kept for metrics, the fetch log
pruned, the webhook told of changes, the metrics textfile rewritten.

None of it may fail a pass or a publish: a step that fails is one warning in the log, and the next
pass tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aggregator import metrics
from aggregator.clock import utc_now
from aggregator.collect import PassReport
from aggregator.models import Config, PassRecord
from aggregator.notify import notify_changes
from aggregator.store import Store

log = logging.getLogger(__name__)


def after_pass(config: Config, store: Store, report: PassReport, now: datetime | None = None) -> None:
    if not report.reports:
        # The daemon looks for due sources every minute: a tick that found none is not a pass,
        # and must not make the metrics' "last pass" a string of zeros.
        return
    now = now or utc_now()
    record = PassRecord(now, report.duration, len(report.reports), report.new, len(report.failed))
    _step("keep the pass", lambda: store.record_pass(record))
    _step("prune the fetch log", lambda: _prune(config, store, now))
    _step("notify", lambda: notify_changes(config, store, now))
    write_metrics_textfile(config, store)


def after_publish(config: Config, store: Store) -> None:
    write_metrics_textfile(config, store)


def write_metrics_textfile(config: Config, store: Store) -> None:
    path = config.metrics_textfile
    if path is not None:
        _step("write the metrics textfile", lambda: metrics.write_textfile(path, metrics.snapshot(config, store)))


def _prune(config: Config, store: Store, now: datetime) -> None:
    deleted = store.prune_history(now - config.keep_fetches)
    if deleted:
        log.info("pruned fetches=%d older_than=%s", deleted, now - config.keep_fetches)


def _step(what: str, step: Callable[[], object]) -> None:
    try:
        step()
    except Exception as error:  # watching must never break collecting or publishing
        log.warning("could not %s: %s: %s", what, type(error).__name__, error)
