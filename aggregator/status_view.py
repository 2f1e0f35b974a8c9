"""What `aggregator status` prints: the table, the notes under it and the JSON document, made from
the sources' statuses, and one source's recent fetches (`status SOURCE`) (pure; the command prints them)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from aggregator.models import FetchLine, SourceConfig, SourceStatus
from aggregator.polling import rhythm_interval

HEADER = ("SOURCE", "LAST FETCH", "RESULT", "FAILS", "ITEMS", "NEWEST ITEM", "NEXT CHECK")
HISTORY_HEADER = ("TIME (UTC)", "OUTCOME", "STATUS", "BYTES", "DURATION", "ERROR")
HISTORY_ERROR_CHARS = 100
# Partner servers write the error messages: no terminal escapes or line breaks reach the screen.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def table(statuses: Sequence[SourceStatus], now: datetime) -> list[str]:
    rows = [HEADER]
    for s in statuses:
        rows.append((s.id, ago(s.last_fetch_at, now), s.outcome or "never fetched", str(s.consecutive_failures),
                     str(s.items_total), day(s.newest_item_at), ago(s.next_check_at, now)))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def notes(
    statuses: Sequence[SourceStatus],
    sources: Mapping[str, SourceConfig],
    gaps: Mapping[str, timedelta],
    config_path: Path,
) -> Iterator[str]:
    """The lines under the table: what went wrong, where a source is really polled, and how
    often, when a partner's rare posts stretched its interval."""
    for s in statuses:
        if s.id in sources and not sources[s.id].enabled:
            yield f"{s.id}: paused (enabled: false in {config_path}): not collected"
            continue
        if s.error_message:  # a failure's cause, or what the caps cut from a source that worked
            yield f"{s.id}: {s.outcome}: {_one_line(s.error_message)}"
        if s.moved_to:
            yield f"{s.id}: moved permanently to {s.moved_to}: polled there now; update its url in {config_path}"
        elif s.fetch_url and s.fetch_url != s.url:
            yield f"{s.id}: polling {s.fetch_url} (found from {s.url})"
        if s.gone:
            yield f"{s.id}: gone (HTTP 410): no longer polled until its url in {config_path} changes"
        source = sources.get(s.id)
        stretch = stretch_note(source, gaps.get(s.id)) if source else None
        if stretch:
            yield f"{s.id}: {stretch}"


def stretch_note(source: SourceConfig, gap: timedelta | None) -> str | None:
    """ "every 30m, stretched to 5h: posts about monthly", or None when the interval is kept."""
    polled = rhythm_interval(source, gap)
    if gap is None or polled <= source.interval:
        return None
    return f"every {span(source.interval)}, stretched to {span(polled)}: posts {rhythm(gap)}"


def rhythm(gap: timedelta) -> str:
    """A partner's usual gap between posts in words: "about daily", "about every 3 days"..."""
    hours = gap.total_seconds() / 3600
    days = hours / 24
    if hours < 18:
        return f"about every {span(gap)}"
    if days < 1.5:
        return "about daily"
    if 5.5 <= days < 9:
        return "about weekly"
    if 25 <= days < 40:
        return "about monthly"
    if days < 25:
        return f"about every {round(days)} days"
    if days < 330:
        return f"about every {round(days / 30.4)} months"
    return "about yearly or less"


def span(interval: timedelta) -> str:
    """30m, 5h, 2h30m, 1d: the config's own way of writing an interval, to the minute."""
    minutes = round(interval.total_seconds() / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = "".join(f"{value}{unit}" for value, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if value)
    return text or f"{round(interval.total_seconds())}s"


def as_json(status: SourceStatus, source: SourceConfig | None, gap: timedelta | None) -> dict[str, object]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    polled = rhythm_interval(source, gap) if source else None
    return {
        "id": status.id,
        "name": status.name,
        "url": status.url,
        "fetch_url": status.fetch_url,
        "last_fetch_at": iso(status.last_fetch_at),
        "result": status.outcome,
        "error": status.error_message,
        "http_status": status.http_status,
        "consecutive_failures": status.consecutive_failures,
        "last_success_at": iso(status.last_success_at),
        "next_check_at": iso(status.next_check_at),
        "items_total": status.items_total,
        "newest_item_at": iso(status.newest_item_at),
        "gone": status.gone,
        "moved_to": status.moved_to,
        "interval_seconds": source.interval.total_seconds() if source else None,
        "adaptive": source.adaptive if source else None,
        "posting_gap_seconds": gap.total_seconds() if gap else None,
        "polled_every_seconds": polled.total_seconds() if polled else None,  # the interval, stretched or not
    }


def history(fetches: Sequence[FetchLine]) -> list[str]:
    """One source's fetches as a table, in the order given (newest first), one line each."""
    rows = [HISTORY_HEADER]
    for f in fetches:
        error = ": ".join(_one_line(part) for part in (f.error_kind, f.error_message) if part)
        if len(error) > HISTORY_ERROR_CHARS:
            error = error[: HISTORY_ERROR_CHARS - 1] + "…"
        rows.append((f"{f.at:%Y-%m-%d %H:%M:%S}", f.outcome.replace("_", " "), str(f.status or "-"),
                     str(f.bytes), f"{f.duration:.2f}s", error))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(HISTORY_HEADER))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def history_json(fetches: Sequence[FetchLine]) -> list[dict[str, object]]:
    return [
        {
            "at": f.at.isoformat(),
            "url": f.url,
            "outcome": f.outcome,
            "http_status": f.status,
            "bytes": f.bytes,
            "duration_seconds": f.duration,
            "error_kind": f.error_kind,
            "error": f.error_message,
        }
        for f in fetches
    ]


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "-"
    seconds = int((now - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    text = (
        f"{seconds}s"
        if seconds < 120
        else f"{seconds // 60}m"
        if seconds < 7200
        else f"{seconds // 3600}h"
        if seconds < 172800
        else f"{seconds // 86400}d"
    )
    return f"in {text}" if future else f"{text} ago"


def day(when: datetime | None) -> str:
    return when.date().isoformat() if when else "-"
