"""The one-machine daemon: APScheduler runs a collection of the due sources every minute and
publishes when something changed."""

from __future__ import annotations

import logging
import signal
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from aggregator.models import Config
from aggregator.pipeline import publish_outputs, run_once
from aggregator.store import Store

log = logging.getLogger(__name__)
TICK_SECONDS = 60  # how often due sources are looked for; each source keeps its own interval


def run_daemon(config: Config, store: Store) -> None:
    """Block, collecting and publishing, until SIGTERM or SIGINT.

    The shutdown waits for the pass in flight: each source's writes are one transaction, so an
    interrupted pass leaves the database consistent either way.
    """
    scheduler = BlockingScheduler(timezone="UTC")

    def tick() -> None:
        report = run_once(config, store).collection
        log.info(
            "pass sources=%d new=%d errors=%d seconds=%.1f",
            len(report.reports),
            report.new,
            len(report.failed),
            report.duration,
        )

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal=%s stopping after the pass in flight", signal.Signals(signum).name)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    publish_outputs(config, store)
    # coalesce + max_instances=1: a slow pass is never run twice at once, missed ticks merge.
    scheduler.add_job(
        tick, "interval", seconds=TICK_SECONDS, next_run_time=None, coalesce=True, max_instances=1, id="collect"
    )
    scheduler.get_job("collect").modify(next_run_time=_now())
    scheduler.start()


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)
