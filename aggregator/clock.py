"""The one clock: every "now" the aggregator takes (passes, fetches, robots.txt ages, statuses,
publishing) comes from `utc_now`, so a test or a benchmark can hand stages another clock."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
