"""Turn a fetched document into entries: detect what it is, then hand it to one adapter.

Every path ends in the same `ParsedPage`, whether the source is a feed, a scraped HTML page or
a home page that only points at its feed.
"""

from __future__ import annotations

import re

from aggregator.models import FetchResult, ParsedPage, SourceConfig
from aggregator.parse.discover import find_feed_links
from aggregator.parse.feed import parse_feed
from aggregator.parse.html import page_language, scrape
from aggregator.parse.jsonfeed import is_json_document, parse_json_feed
from aggregator.parse.listing import find_items

_FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL
)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def looks_like_feed(text: str, content_type: str = "") -> bool:
    """True when the document is an RSS, Atom or RDF feed, whatever the server called it (JSON
    is told apart before, by `is_json_document`)."""
    if _FEED_START.match(text[:4096]):
        return True
    return content_type.split(";")[0].strip().lower() in _FEED_TYPES and "<html" not in text[:2048].lower()


def parse_document(result: FetchResult, source: SourceConfig) -> ParsedPage:
    """Understand a successful fetch of `source`.

    A feed is parsed as a feed whatever the source's type says. An HTML page is scraped with the
    source's selectors when it has them; else a `type: auto` page's feed link is followed
    (`kind="discovered"`); else its news blocks are found by their repeated shape.
    """
    text = result.text
    base_url = result.final_url or result.url
    if not text.strip():
        return ParsedPage(kind="unusable", error="empty body")
    if is_json_document(text, result.content_type):
        # JSON is a JSON Feed or nothing we can read, whatever the source's type says.
        return parse_json_feed(text, base_url)
    if looks_like_feed(text, result.content_type):
        return parse_feed(text, base_url)
    if source.type == "feed":
        return ParsedPage(kind="unusable", error=f"not a feed ({_describe(text, result.content_type)})")
    if source.select is not None:
        return scrape(text, base_url, source.select)
    links = find_feed_links(text, base_url) if source.type == "auto" else []
    if links:
        return ParsedPage(kind="discovered", feed_url=links[0], language=page_language(text))
    # No selectors and no feed: find the repeated news blocks of the page by their shape.
    entries = find_items(text, base_url)
    if entries:
        return ParsedPage(
            kind="html", title=_page_title(text), link=base_url, language=page_language(text), entries=tuple(entries)
        )
    return ParsedPage(kind="unusable", error="no feed link and no news items found in the page")


def _page_title(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html[:20000], re.IGNORECASE | re.DOTALL)
    return match.group(1).strip() or None if match else None


def _describe(text: str, content_type: str) -> str:
    if not text.strip():
        return "empty body"
    if "<html" in text[:2048].lower():
        return "an HTML page"
    return content_type.split(";")[0] or "unknown content"
