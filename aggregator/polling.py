"""When a source is next polled, decided from its last fetch: pure, no I/O.

- success: after the source's interval, or later if Cache-Control max-age asks for more;
- failure: exponential backoff from the interval (doubling per consecutive failure, capped);
- 429/503 with Retry-After: never before the server's time;
- 410 Gone: never again, until the source's address in the config changes (`None`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from aggregator.models import FetchResult, SourceConfig

MAX_BACKOFF = timedelta(days=1)
MAX_CACHE_INTERVAL = timedelta(days=1)  # a year-long max-age must not stop a news source


def next_check(source: SourceConfig, result: FetchResult, failures: int, now: datetime) -> datetime | None:
    """The time `source` is next due, given this fetch and the failure streak including it."""
    if result.error_kind == "gone":
        return None
    if result.outcome == "error":
        delay = min(source.interval * (2 ** min(failures - 1, 16)), MAX_BACKOFF)
        due = now + delay
        return max(due, result.retry_after) if result.retry_after else due
    interval = source.interval
    if result.max_age:
        interval = max(interval, min(timedelta(seconds=result.max_age), MAX_CACHE_INTERVAL))
    return now + interval
