"""Every error the aggregator raises on purpose has one root, so a caller (the command, the daemon,
a worker) can tell a reported failure from a bug."""

from __future__ import annotations

import pytest

from aggregator.config import ConfigError
from aggregator.errors import AggregatorError
from aggregator.fetch import _RefusedError
from aggregator.fetch.decompress import TooLargeError, UnsupportedEncodingError
from aggregator.fetch.guard import BadHostError, RefusedAddressError
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
