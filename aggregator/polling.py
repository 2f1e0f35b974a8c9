"""When a source is next polled, decided from its last fetch: pure, no I/O.

- success: after the source's interval, stretched for a partner that posts rarely (a quarter of
  its usual gap between posts, at most MAX_ADAPTIVE_INTERVAL), and never sooner than
  Cache-Control max-age asks;
- failure: exponential backoff from the interval (doubling per consecutive failure, capped);
- 429/503 with Retry-After: never before the server's time;
- 410 Gone: never again, until the source's address in the config changes (`None`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from aggregator.models import FetchResult, SourceConfig


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
    interval = source.interval
    if posting_gap is not None:
        interval = max(interval, min(posting_gap / ADAPTIVE_FRACTION, MAX_ADAPTIVE_INTERVAL))
    if result.max_age:
        interval = max(interval, min(timedelta(seconds=result.max_age), MAX_CACHE_INTERVAL))
    return now + interval
