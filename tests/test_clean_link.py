"""Which address an item is published under: its link, else its guid only when that is one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.clean import to_item
from aggregator.models import RawEntry, SourceConfig

NOW = datetime(2026, 12, 7, tzinfo=UTC)
SOURCE = SourceConfig(id="p", name="Partner", url="https://example.org/")


@pytest.mark.parametrize(
    ("guid", "url"),
    [
        pytest.param("right", None, id="word"),
        pytest.param("urn:uuid:6f1c2d9e-6a55-4b0e-9d2a-1b7a3c4e5f60", None, id="urn"),
        pytest.param("tag:example.org,2026:post-1", None, id="tag-uri"),
        pytest.param("//example.org/p", None, id="scheme-relative"),
        pytest.param("/p/1", None, id="path"),
        pytest.param("https://example.org/p/1", "https://example.org/p/1", id="absolute-https"),
    ],
)  # fmt: skip
def test_a_guid_becomes_the_link_only_when_it_is_an_absolute_http_address(guid: str, url: str | None) -> None:
    item = to_item(RawEntry(link=None, title="T", guid=guid), SOURCE, page_language=None, excerpt_length=100, now=NOW)
    assert (item.url if item else None) == url


def test_the_link_wins_over_a_guid_and_keeps_its_fragment() -> None:
    entry = RawEntry(link="https://example.org/day.html#a0512?x", title="T", guid="https://example.org/other")
    item = to_item(entry, SOURCE, page_language=None, excerpt_length=100, now=NOW)
    assert item is not None
    assert (item.url, item.guid) == ("https://example.org/day.html#a0512?x", "https://example.org/other")
