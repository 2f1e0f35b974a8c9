"""The one-machine daemon: APScheduler looks for due sources every minute, collects them and
publishes when something changed."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from datetime import UTC
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from aggregator.clock import utc_now
from aggregator.models import Config
from aggregator.pipeline import RunReport, publish_outputs, run_once
from aggregator.publish import PublishError
from aggregator.store import Store, StoreError

log = logging.getLogger(__name__)
TICK_SECONDS = 60  # how often due sources are looked for; each source keeps its own interval


def run_daemon(config: Config, store: Store, *, tick_seconds: float = TICK_SECONDS) -> None:
    """Block, collecting and publishing, until SIGTERM or SIGINT.

    Stopping lets the pass in flight finish (the executor's threads are joined at exit); each
    source's writes are one transaction, so even a killed pass leaves the database consistent.
    """
    scheduler = BlockingScheduler(timezone=UTC)

    def logged(work: Callable[[], object], what: str) -> object:
        # A failing publish or an unreachable database is one line in the log, and the next tick
        # tries again: the daemon outlives a full disk or a restarting database server.
        try:
            return work()
        except (PublishError, StoreError) as error:
            log.error("%s failed: %s", what, error)
            return None

    def tick() -> None:
        # collect_pass logs the pass line (sources, new, errors, duration); this adds the publish.
        report = logged(lambda: run_once(config, store), "tick")
        if isinstance(report, RunReport):
            log.info("published files_changed=%d", len(report.changed))

    def first_publish() -> None:
        # The page shows current health from the first second.
        logged(lambda: publish_outputs(config, store), "publish")

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal=%s stopping after the pass in flight", signal.Signals(signum).name)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    first_publish()
    # max_instances=1 and coalesce: a slow pass never runs twice at once; missed ticks merge.
    scheduler.add_job(tick, "interval", seconds=tick_seconds, next_run_time=utc_now(), coalesce=True, max_instances=1)
    scheduler.start()
    log.info("stopped")
