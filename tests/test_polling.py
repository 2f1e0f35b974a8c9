"""When a source is polled next: backoff, Retry-After, Cache-Control max-age, gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.models import CacheInfo, FetchRecord, FetchResult, SourceConfig
from aggregator.polling import MAX_BACKOFF, next_check, posting_gap, source_update

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
SOURCE = SourceConfig("s", "S", "https://example.org/feed", interval=timedelta(minutes=30))
OK = FetchResult(url=SOURCE.url, outcome="ok")


def failed(kind: str = "HTTP 500", **changes: object) -> FetchResult:
    return FetchResult(url=SOURCE.url, outcome="error", error_kind=kind, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("result", "failures", "after"),
    [
        pytest.param(OK, 0, timedelta(minutes=30), id="ok-interval"),
        pytest.param(FetchResult(url="u", outcome="not_modified"), 0, timedelta(minutes=30), id="304-interval"),
        pytest.param(FetchResult(url="u", outcome="ok", max_age=7200), 0, timedelta(hours=2), id="max-age-longer-wins"),
        pytest.param(FetchResult(url="u", outcome="ok", max_age=60), 0, timedelta(minutes=30), id="max-age-shorter-ignored"),
        pytest.param(FetchResult(url="u", outcome="ok", max_age=10**9), 0, timedelta(days=1), id="max-age-capped"),
        pytest.param(failed(), 1, timedelta(minutes=30), id="first-failure"),
        pytest.param(failed(), 2, timedelta(hours=1), id="second-failure-doubles"),
        pytest.param(failed(), 4, timedelta(hours=4), id="fourth-failure"),
        pytest.param(failed(), 40, MAX_BACKOFF, id="capped-at-a-day"),
        pytest.param(failed("HTTP 429", retry_after=NOW + timedelta(hours=5)), 1, timedelta(hours=5), id="retry-after-wins"),
        pytest.param(failed("HTTP 503", retry_after=NOW + timedelta(minutes=1)), 3, timedelta(hours=2), id="backoff-beats-short-retry-after"),
    ],
)  # fmt: skip
def test_next_check(result: FetchResult, failures: int, after: timedelta) -> None:
    assert next_check(SOURCE, result, failures, NOW) == NOW + after


def test_gone_is_never_polled_again() -> None:
    assert next_check(SOURCE, failed("gone"), 1, NOW) is None


DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("gap", "after"),
    [
        pytest.param(None, timedelta(minutes=30), id="unknown-gap-configured-interval"),
        pytest.param(timedelta(hours=1), timedelta(minutes=30), id="busy-partner-configured-interval"),
        pytest.param(timedelta(hours=8), timedelta(hours=2), id="a-few-posts-a-day"),
        pytest.param(30 * DAY, timedelta(hours=6), id="monthly-partner-capped"),
    ],
)
def test_polling_follows_posting_frequency(gap: timedelta | None, after: timedelta) -> None:
    assert next_check(SOURCE, OK, 0, NOW, gap) == NOW + after


def test_posting_gap_is_the_median() -> None:
    days = [NOW - timedelta(days=n) for n in (0, 1, 2, 10, 40)]
    assert posting_gap(days) == timedelta(days=8)  # gaps 1, 1, 8, 30
    assert posting_gap(days[:3]) is None  # too little history


# --- the row a fetch leaves (polling.source_update: pure, the store writes what it returns) ----


def record(result: FetchResult) -> FetchRecord:
    return FetchRecord(source=SOURCE, result=result, fetch_url=SOURCE.url, at=NOW)


def test_a_failure_extends_the_streak_and_keeps_the_validators_and_last_success() -> None:
    values = source_update(record(failed()), failures_before=2, gap_seconds_before=None, recent_post_dates=None)
    assert values["consecutive_failures"] == 3
    assert values["next_check_at"] == NOW + timedelta(hours=2)  # the third failure: 30m doubled twice
    assert values["last_error_kind"] == "HTTP 500"
    assert not {"etag", "last_modified", "last_success_at", "fetch_url"} & values.keys()


def test_a_success_resets_the_streak_and_stores_its_validators() -> None:
    ok = FetchResult(url=SOURCE.url, outcome="ok", cache=CacheInfo('"v2"', "Fri, 01 May 2026 11:00:00 GMT"))
    values = source_update(record(ok), failures_before=5, gap_seconds_before=None, recent_post_dates=None)
    assert values["consecutive_failures"] == 0 and values["last_success_at"] == NOW
    assert (values["etag"], values["last_modified"]) == ('"v2"', "Fri, 01 May 2026 11:00:00 GMT")
    assert values["next_check_at"] == NOW + timedelta(minutes=30)


def test_a_304_keeps_the_stored_validators_and_a_permanent_move_is_kept() -> None:
    moved = FetchResult(url=SOURCE.url, outcome="not_modified", permanent_redirect="https://example.org/new")
    values = source_update(record(moved), failures_before=0, gap_seconds_before=None, recent_post_dates=None)
    assert "etag" not in values and values["moved_to"] == "https://example.org/new"


def test_the_posting_rhythm_is_recomputed_only_from_new_posts() -> None:
    monthly = [NOW - timedelta(days=30 * n) for n in range(6)]
    values = source_update(record(OK), failures_before=0, gap_seconds_before=None, recent_post_dates=monthly)
    gap = posting_gap(monthly)
    assert gap is not None and values["posting_gap_seconds"] == gap.total_seconds()
    assert values["next_check_at"] == next_check(SOURCE, OK, 0, NOW, gap)
    # No new posts: the stored gap decides, and the row's gap is left as it is.
    kept = source_update(record(OK), failures_before=0, gap_seconds_before=gap.total_seconds(), recent_post_dates=None)
    assert "posting_gap_seconds" not in kept and kept["next_check_at"] == values["next_check_at"]


def test_gone_is_remembered() -> None:
    values = source_update(record(failed("gone")), failures_before=0, gap_seconds_before=None, recent_post_dates=None)
    assert values["gone"] is True
