"""The CPU work of collecting one source, as the parsing workers run it (`offloop`): a fetched
document -> its parsed page and clean items, and an article page -> its metadata.

Plain functions of picklable values, so a worker process can run them; no I/O, no store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from aggregator.clean import CleanPage, clean_page
from aggregator.models import FetchResult, ParsedPage, SourceConfig
from aggregator.parse import parse_document
from aggregator.parse.article import ArticleMeta, read_article


@dataclass(frozen=True)
class Understood:
    """A parsed document. `cleaned` holds its items, unless the page must first be completed
    from its article pages (a news page found without selectors): then `page` keeps its entries.
    Otherwise `page` comes without them: its items are all the collector needs, and entries
    would only be copied back from the worker for nothing."""

    page: ParsedPage
    cleaned: CleanPage | None


def needs_articles(page: ParsedPage, source: SourceConfig) -> bool:
    return page.kind == "html" and source.select is None


def understand(result: FetchResult, source: SourceConfig, excerpt_length: int, now: datetime) -> Understood:
    page = parse_document(result, source)
    if page.kind in ("discovered", "unusable") or needs_articles(page, source):
        return Understood(page, None)
    cleaned = clean_page(page, source, excerpt_length=excerpt_length, now=now)
    return Understood(dataclasses.replace(page, entries=()), cleaned)


def clean(page: ParsedPage, source: SourceConfig, excerpt_length: int, now: datetime) -> CleanPage:
    return clean_page(page, source, excerpt_length=excerpt_length, now=now)


def article_meta(result: FetchResult) -> ArticleMeta:
    return read_article(result.text, result.final_url or result.url)
