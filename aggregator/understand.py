"""The CPU work of collecting one source, as the parsing workers run it (`offloop`): a fetched
document -> its parsed page and clean items, and an article page -> its metadata (and, for a
`full_text` source, its main text).

Plain functions of picklable values, so a worker process can run them; no I/O, no store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from aggregator.clean import CleanPage, clean_page
from aggregator.models import FetchResult, ParsedPage, RawEntry, SourceConfig
from aggregator.parse import parse_document
from aggregator.parse.article import ArticleMeta, read_article
from aggregator.parse.maintext import main_text, thin_entry


@dataclass(frozen=True)
class Understood:
    """A parsed document. `cleaned` holds its items, unless the page must first be completed
    from its article pages (a news page found without selectors): then `page` keeps its entries.
    Otherwise `page` comes without them: its items are all the collector needs, and entries
    would only be copied back from the worker for nothing."""

    page: ParsedPage
    cleaned: CleanPage | None


def needs_articles(page: ParsedPage, source: SourceConfig) -> bool:
    """Some entry is to be completed from its article page before cleaning."""
    return _listing_without_selectors(page, source) or (
        source.full_text and any(thin_entry(entry) for entry in page.entries)
    )


def wants_article(entry: RawEntry, page: ParsedPage, source: SourceConfig) -> bool:
    """This entry's article page is worth a request: a news page found without selectors left
    its date or excerpt out, or a `full_text` source's feed gave it only a title or one line."""
    if not entry.link:
        return False
    if source.full_text and thin_entry(entry):
        return True
    complete = (entry.published or entry.published_text) and entry.summary
    return _listing_without_selectors(page, source) and not complete


def _listing_without_selectors(page: ParsedPage, source: SourceConfig) -> bool:
    return page.kind == "html" and source.select is None


def understand(result: FetchResult, source: SourceConfig, excerpt_length: int, now: datetime) -> Understood:
    page = parse_document(result, source)
    if page.kind in ("discovered", "unusable") or needs_articles(page, source):
        return Understood(page, None)
    cleaned = clean_page(page, source, excerpt_length=excerpt_length, now=now)
    return Understood(dataclasses.replace(page, entries=()), cleaned)


def clean(page: ParsedPage, source: SourceConfig, excerpt_length: int, now: datetime) -> CleanPage:
    return clean_page(page, source, excerpt_length=excerpt_length, now=now)


def article_meta(result: FetchResult, full_text: bool = False) -> ArticleMeta:
    url = result.final_url or result.url
    meta = read_article(result.text, url)
    return dataclasses.replace(meta, main_text=main_text(result.text, url)) if full_text else meta
