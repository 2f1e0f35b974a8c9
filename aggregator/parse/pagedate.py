"""When an article page says it was published: declared dates first, then the page's own text.

The declared dates (JSON-LD, meta tags) come from `article.read_article`; this module adds what
the page shows (<time>, date classes, a numeric date beside the headline or byline) and the
page's time zone: a `datePublished` written without one ("2020-02-19T20:29:58") is a wall
clock time of the site, whose zone the page often shows on another date ("+06:00").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo

from bs4 import BeautifulSoup, Tag
from htmldate import find_date

from aggregator import extract
from aggregator.parse.byline import first_of_each

__all__ = ["first_date", "page_zone", "published", "shown_dates"]

DATE_SELECTORS = [
    "article time[datetime]",
    "main time[datetime]",
    "time.entry-date[datetime]",
    "time[datetime]",
    "[itemprop=datePublished]",
]
DATE_TEXT_SELECTORS = [".entry-date", ".post-date", ".published", ".date", ".meta-date", ".news-date", ".article-date"]
HEADLINE_SELECTORS = ["article h1", "main h1", "h1"]
# Numeric dates as CMSs print them: "2020-02-19 20:29:58", "19.02.2020, 14:05", "2020/02/19".
_CLOCK = r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?)?"
NUMERIC_DATE_RE = re.compile(
    rf"(?<![\d.\-/])(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}){_CLOCK}(?![\d.\-/]\d)"
)
NEAR_TEXT_MAX = 600  # the headline's or byline's block, not the whole article
NEAR_LEVELS = 3  # how far up from the headline or byline the block may be
# A time written with its zone: "...T11:00:00+06:00", "...11:00 GMT", "...Z".
_ZONED_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC)\s*$", re.IGNORECASE)
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")


def published(
    soup: BeautifulSoup,
    declared: Sequence[object],
    others: Sequence[object],
    bylines: Sequence[Tag],
    languages: tuple[str, ...],
    now: datetime | None,
    page: tuple[str, str],
) -> datetime | None:
    """The first of `declared`, then the page's shown dates, that parses; a zoneless time
    takes the page's zone, read from all of `declared` and `others` (modified dates too).
    Failing those, htmldate's reading of the page (`page`: its html and url)."""
    zone = page_zone([*declared, *others])
    found = first_date([*declared, *shown_dates(soup, bylines)], languages, now, zone)
    return found or first_date([library_date(*page)], (), now, None)


def library_date(html: str, url: str) -> str | None:
    """htmldate's publication day for a page whose markup we found no date in.

    Measured on 627 real pages (bench/article_eval.py, dev half): as the fallback it found 64
    more right days for 8 more wrong ones, and 9 more on pages that show no date at all. Its
    extensive search (dates anywhere in the text) found 25 more right days but 49 more wrong
    ones, mostly a copyright year read as 1 January: left off.
    """
    try:
        return find_date(html, url=url or None, original_date=True, extensive_search=False)
    except Exception:  # a library hiccup is a page without a date, not a failed run
        return None


def first_date(
    values: Sequence[object], languages: tuple[str, ...], now: datetime | None, zone: tzinfo | None
) -> datetime | None:
    """The first of `values` that parses, a zoneless clock time put in `zone`."""
    for value in values:
        if isinstance(value, str) and value.strip():
            parsed = extract.parse_date(value, languages, now=now)
            if parsed is not None:
                return _in_zone(parsed, value, zone)
    return None


def page_zone(values: Sequence[object]) -> tzinfo | None:
    """The zone of the first date on the page that is written with one."""
    for value in values:
        if isinstance(value, str) and _ZONED_RE.search(value.strip()):
            parsed = extract.parse_date(value)
            if parsed is not None and parsed.tzinfo is not None:
                return parsed.tzinfo
    return None


def _in_zone(parsed: datetime, text: str, zone: tzinfo | None) -> datetime:
    # parse_date reads a zoneless time as UTC; with a clock and a zone on the page, the clock
    # is the site's. A bare day stays as it is: moving midnight would change nothing but look.
    if zone is None or _ZONED_RE.search(text.strip()) or not _CLOCK_RE.search(text):
        return parsed
    return parsed.replace(tzinfo=zone)


def shown_dates(soup: BeautifulSoup, bylines: Sequence[Tag]) -> list[str]:
    """Dates the page shows, best first: machine-readable <time>, date classes, then numeric
    dates in the block of the headline or of a byline."""
    found: list[str] = []
    for element in first_of_each(soup, DATE_SELECTORS + DATE_TEXT_SELECTORS):
        value = element.get("datetime") or element.get("content") or _text(element)
        if isinstance(value, str):
            found.append(value)
    headline = next((h for h in (soup.select_one(s) for s in HEADLINE_SELECTORS) if h is not None), None)
    for anchor in [headline, *bylines]:
        if anchor is not None:
            found += [match.group(0) for match in NUMERIC_DATE_RE.finditer(_near_text(anchor))]
    return found


def _near_text(anchor: Tag) -> str:
    """The text of the largest block around `anchor` that is still short: the headline's
    header, the byline's meta line."""
    best = _text(anchor)
    element: Tag | None = anchor
    for _ in range(NEAR_LEVELS):
        element = element.parent if element is not None else None
        if not isinstance(element, Tag) or element.name in ("body", "html", "[document]"):
            break
        text = _text(element)
        if len(text) > NEAR_TEXT_MAX:
            break
        best = text
    return best


def _text(element: Tag) -> str:
    return " ".join(element.get_text(" ", strip=True).split())
