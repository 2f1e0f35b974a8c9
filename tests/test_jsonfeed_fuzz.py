"""Any JSON, and any bytes served as JSON, read by `parse.jsonfeed` without raising: feeds whose
fields hold any JSON value, and any JSON value as the whole document. Bounded (200 examples)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.clean import to_items
from aggregator.models import FetchResult, SourceConfig
from aggregator.parse import parse_document
from aggregator.parse.jsonfeed import parse_json_feed

NOW = datetime(2026, 5, 1, tzinfo=UTC)
SOURCE = SourceConfig("partner", "Partner", "https://partner.test/feed.json", "feed", ("en",))
FETCHED_FROM = "https://partner.test/feeds/main.json"
V11 = "https://jsonfeed.org/version/1.1"

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    ["id", "url", "external_url", "title", "summary", "content_html", "content_text", "date_published",
     "date_modified", "author", "authors", "language", "tags", "attachments", "image"]
)  # fmt: skip
FEED_FIELDS = st.sampled_from(
    ["version", "title", "home_page_url", "feed_url", "language", "author", "authors", "items"]
)


@st.composite
def json_feeds(draw: st.DrawFn) -> str:
    """A JSON Feed whose fields hold any JSON value, or any JSON value at all."""
    if draw(st.booleans()):
        return json.dumps(draw(JSON))
    items = draw(st.lists(st.dictionaries(FIELDS, JSON, max_size=8), max_size=4))
    document: dict[str, object] = {"version": V11, "items": items}
    document.update(draw(st.dictionaries(FEED_FIELDS, JSON, max_size=3)))
    return json.dumps(document)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=json_feeds(), base=st.sampled_from([FETCHED_FROM, "", "http://[::1", "not a url"]))
def test_any_json_is_read_without_raising(text: str, base: str) -> None:
    page = parse_json_feed(text, base)
    assert page.kind in ("feed", "unusable")
    for entry in page.entries:
        for value in (entry.link, entry.title, entry.guid, entry.summary, entry.content, entry.author):
            assert value is None or isinstance(value, str)
    to_items(page, SOURCE, excerpt_length=300, now=NOW)


@SETTINGS
@given(body=st.binary(max_size=300), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"{", b'{"items": [']))
def test_any_bytes_served_as_json_are_read_without_raising(body: bytes, prefix: bytes) -> None:
    result = FetchResult(url=FETCHED_FROM, outcome="ok", body=prefix + body, content_type="application/feed+json")
    page = parse_document(result, SOURCE)
    assert page.kind in ("feed", "unusable")
