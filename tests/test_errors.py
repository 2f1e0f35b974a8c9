"""Every error the aggregator raises on purpose has one root, so a caller (the command, the daemon,
a worker) can tell a reported failure from a bug."""

from __future__ import annotations

import asyncio

import pytest

from aggregator.config import ConfigError
from aggregator.errors import AggregatorError
from aggregator.fetch import Fetcher, _RefusedError
from aggregator.fetch.decompress import TooLargeError, UnsupportedEncodingError
from aggregator.fetch.guard import BadHostError, RefusedAddressError
from aggregator.models import FetchResult, FetchSettings
from aggregator.offloop import ParserDiedError, TooSlowToParseError
from aggregator.publish import PublishError
from aggregator.store import StoreError


@pytest.mark.parametrize(
    "kind",
    [
        ConfigError,
        StoreError,
        PublishError,
        RefusedAddressError,
        BadHostError,
        TooLargeError,
        UnsupportedEncodingError,
        _RefusedError,
        TooSlowToParseError,
        ParserDiedError,
    ],
)
def test_every_reported_failure_is_an_aggregator_error(kind: type[Exception]) -> None:
    assert issubclass(kind, AggregatorError)


def test_a_bad_host_is_still_a_value_error() -> None:
    # Callers that parse URLs catch ValueError for any unreadable address.
    assert issubclass(BadHostError, ValueError)


def test_an_unreadable_robots_txt_names_the_real_error() -> None:
    # A refused connection to robots.txt was reported as "ConnectTimeout" (aiohttp's errors filed
    # under httpx's timeout): the operator must read what really happened.
    async def fetch_from_a_closed_port() -> FetchResult:
        async with Fetcher(FetchSettings(allow_private_networks=True, timeout=5)) as fetcher:
            return await fetcher.fetch("http://127.0.0.1:9/feed")

    result = asyncio.run(fetch_from_a_closed_port())
    assert result.error_kind == "robots.txt unavailable"
    assert "connection failed" in (result.error_message or "") and "Cannot connect to host" in (
        result.error_message or ""
    ), result.error_message
    assert "ConnectTimeout" not in (result.error_message or "")
