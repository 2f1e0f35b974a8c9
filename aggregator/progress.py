"""What `collect` shows of a pass: on a terminal, one line redrawn in place (sources done of due,
new stories, failures so far, rate) and a summary line at the end; with -v, each source logged
as it finishes. Under cron (no terminal) it shows nothing on success.

When every source fails the same network-like way, the cause is almost always on our side (the
network, DNS, a proxy): `shared_failure` says so in one line instead of blaming each site.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from aggregator.collect import PassReport, SourceReport
from aggregator.models import FetchRecord

log = logging.getLogger(__name__)

# Seconds between redraws: sources finishing hundreds a second would otherwise make the line
# flicker and cost more terminal output than the pass's own work.
REDRAW_EVERY = 0.1
# Failures that, shared by every source of a pass on several hosts, point at our own connection.
NETWORK_KINDS = frozenset({"timeout", "connection failed", "connection broken", "robots.txt unavailable"})
CLEAR_LINE = "\r\x1b[K"


@dataclass(frozen=True)
class PassCounts:
    due: int = 0
    done: int = 0
    new: int = 0  # counted when a batch is stored, so it trails the sources done a little
    failing: int = 0


def progress_line(counts: PassCounts, seconds: float) -> str:
    rate = counts.done / seconds if seconds > 0 else 0.0
    return (
        f"collecting: {counts.done}/{counts.due} sources, {counts.new} new stories,"
        f" {counts.failing} failing, {rate:.1f} sources/s"
    )


def summary_line(report: PassReport) -> str:
    return f"{len(report.reports)} sources, {report.new} new stories, {len(report.failed)} failing"


def shared_failure(report: PassReport, hosts: Mapping[str, str | None]) -> str | None:
    """One line naming our side as the likely cause, when every source of the pass failed with
    the same network-like error on more than one host; None otherwise (then each site is told)."""
    failed = report.failed
    if not failed or len(failed) != len(report.reports):
        return None
    kinds = {source.error_kind for source in failed}
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind not in NETWORK_KINDS or len({hosts.get(source.source_id) for source in failed}) < 2:
        return None
    if kind == "robots.txt unavailable" and any("unreachable" not in (s.error_message or "") for s in failed):
        return None  # robots.txt answered (a 5xx): the sites are up, and each one is told
    example = failed[0]
    return (
        f"all {len(failed)} sources failed with {kind}, most likely on our side (network, DNS or proxy),"
        f" not at the sites; for example {example.source_id}: {example.error_message}"
    )


class PassWatcher:
    """Counts a pass's sources as `collect_pass` reports them (`gathered` is its `on_gathered`)
    and, when `live`, keeps the progress line on `stream` up to date."""

    def __init__(self, stream: TextIO, *, live: bool, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream, self._live, self._clock = stream, live, clock
        self._started = clock()
        self._drawn_at: float | None = None
        self._shown = False
        self._stored_seen = 0
        self.counts = PassCounts()

    def gathered(self, record: FetchRecord, due: int, stored: Mapping[str, SourceReport]) -> None:
        result = record.result
        log.info(
            "finished source=%s outcome=%s error=%s status=%s seconds=%.2f",
            record.source.id, result.outcome, result.error_kind, result.status, result.duration,
        )  # fmt: skip
        # Only the reports stored since the last call are added up: a pass of 10,000 sources
        # must not sum them all 10,000 times.
        fresh = itertools.islice(reversed(stored.values()), len(stored) - self._stored_seen)
        new = sum(report.new for report in fresh)
        self._stored_seen = len(stored)
        counts = self.counts
        self.counts = PassCounts(due, counts.done + 1, counts.new + new, counts.failing + (result.outcome == "error"))
        now = self._clock()
        if self._live and (self._drawn_at is None or now - self._drawn_at >= REDRAW_EVERY or self.counts.done == due):
            self.draw()

    @property
    def shown(self) -> bool:
        return self._shown

    def draw(self) -> None:
        self._drawn_at = self._clock()
        # Cut to the terminal's width: a wrapped line could not be redrawn in place.
        width = shutil.get_terminal_size().columns
        line = progress_line(self.counts, self._drawn_at - self._started)[: max(width - 1, 20)]
        self._stream.write(CLEAR_LINE + line)
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write(CLEAR_LINE)
            self._stream.flush()
            self._shown = False


class _AboveTheLine(logging.Handler):
    """A log handler's lines written above the progress line, which is drawn again below them."""

    def __init__(self, inner: logging.Handler, watcher: PassWatcher) -> None:
        super().__init__(inner.level)
        self.inner, self.watcher = inner, watcher

    def emit(self, record: logging.LogRecord) -> None:
        shown = self.watcher.shown
        self.watcher.clear()
        self.inner.handle(record)
        if shown:
            self.watcher.draw()


def is_live(stream: TextIO, term: str | None) -> bool:
    """Whether `stream` is a terminal that can redraw a line (not cron's pipe, not TERM=dumb)."""
    try:
        return stream.isatty() and term != "dumb"
    except ValueError:  # a closed stream
        return False


@contextmanager
def watching(stream: TextIO, *, live: bool) -> Iterator[PassWatcher]:
    """A watcher for one pass; while it runs, log lines go above its progress line, which is
    cleared at the end (for the summary line to take its place)."""
    watcher = PassWatcher(stream, live=live)
    root = logging.getLogger()
    handlers = list(root.handlers)
    if live:
        root.handlers = [_AboveTheLine(handler, watcher) for handler in handlers]
    try:
        yield watcher
    finally:
        root.handlers = handlers
        watcher.clear()
