"""When a source is next polled, decided from its last fetch: pure, no I/O.

- success: after the source's interval, stretched for a partner that posts rarely (a quarter of
  its usual gap between posts, at most MAX_ADAPTIVE_INTERVAL; not with `adaptive: false`), and
  never sooner than Cache-Control max-age asks;
- failure: exponential backoff from the interval (doubling per consecutive failure, capped);
- 429/503 with Retry-After: never before the server's time;
- 410 Gone: never again, until the source's address in the config changes (`None`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from aggregator.models import FetchRecord, FetchResult, SourceConfig


def posting_gap(published: list[datetime]) -> timedelta | None:
    """The median gap between consecutive posts, from a source's recent publication dates."""
    ordered = sorted(published)
    gaps = sorted(later - earlier for earlier, later in pairwise(ordered))
    if len(gaps) < 3:  # too little history to call a partner quiet
        return None
    return gaps[len(gaps) // 2]


MAX_BACKOFF = timedelta(days=1)
MAX_CACHE_INTERVAL = timedelta(days=1)  # a year-long max-age must not stop a news source
MAX_ADAPTIVE_INTERVAL = timedelta(hours=6)  # a quiet partner's next post is still seen the same day
ADAPTIVE_FRACTION = 4  # poll about four times per usual gap between a partner's posts


def next_check(
    source: SourceConfig, result: FetchResult, failures: int, now: datetime, posting_gap: timedelta | None = None
) -> datetime | None:
    """The time `source` is next due, given this fetch, the failure streak including it, and the
    source's usual gap between posts (None when it has too few dated posts to tell)."""
    if result.error_kind == "gone":
        return None
    if result.outcome == "error":
        delay = min(source.interval * (2 ** min(failures - 1, 16)), MAX_BACKOFF)
        due = now + delay
        return max(due, result.retry_after) if result.retry_after else due
    interval = rhythm_interval(source, posting_gap)
    if result.max_age:
        interval = max(interval, min(timedelta(seconds=result.max_age), MAX_CACHE_INTERVAL))
    return now + interval


def rhythm_interval(source: SourceConfig, posting_gap: timedelta | None) -> timedelta:
    """How often a successful source is polled given its usual gap between posts: its interval,
    stretched for a partner that posts rarely, unless the config says `adaptive: false` (a
    partner whose rare posts are urgent)."""
    if posting_gap is None or not source.adaptive:
        return source.interval
    return max(source.interval, min(posting_gap / ADAPTIVE_FRACTION, MAX_ADAPTIVE_INTERVAL))


def source_update(
    record: FetchRecord,
    failures_before: int | None,
    gap_seconds_before: float | None,
    recent_post_dates: Sequence[datetime] | None,
) -> dict[str, object]:
    """The values a source's row takes after this fetch (the store writes them as given).

    `failures_before` and `gap_seconds_before`: its failure streak and posting gap as stored;
    `recent_post_dates`: its newest stories' real publication dates, read when this fetch brought
    new stories (the rhythm changes only then), else None and the stored gap is kept."""
    result, now = record.result, record.at
    values: dict[str, object] = {
        "last_fetch_at": now,
        "last_status": result.status,
        "last_outcome": result.outcome,
        "last_error_kind": result.error_kind,
        "last_error_message": result.error_message,
    }
    failures = (failures_before or 0) + 1 if result.outcome == "error" else 0
    if recent_post_dates is not None:
        gap = posting_gap(list(recent_post_dates))
        values.update(posting_gap_seconds=gap.total_seconds() if gap else None)
    else:
        gap = timedelta(seconds=gap_seconds_before) if gap_seconds_before is not None else None
    values.update(
        consecutive_failures=failures,
        next_check_at=next_check(record.source, result, failures, now, gap),
        gone=result.error_kind == "gone",
    )
    if result.outcome != "error":
        values.update(last_success_at=now, fetch_url=record.fetch_url)
        if result.permanent_redirect:
            values.update(moved_to=result.permanent_redirect)
    if result.outcome == "ok":
        values.update(etag=result.cache.etag, last_modified=result.cache.last_modified, body_digest=result.digest)
    return values
