"""One article page -> its metadata (`read_article`), for HTML sources whose listing lacks it.

Pure and total: no I/O, never raises. The signals, strongest first, are tables below:
JSON-LD (NewsArticle/Article/BlogPosting, also inside @graph, authors resolved by @id), then
Open Graph / article:* / Dublin Core / itemprop meta tags, then the page itself (<time>,
bylines, <h1>, <title>).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from aggregator import extract
from aggregator.models import RawEntry
from aggregator.parse.urls import join

__all__ = ["ArticleMeta", "merge_article", "read_article"]


@dataclass(frozen=True)
class ArticleMeta:
    """What an article page says about itself; every field is None when the page is silent."""

    title: str | None = None
    description: str | None = None  # plain text, not yet cut to excerpt length
    published: datetime | None = None  # timezone-aware
    modified: datetime | None = None
    language: str | None = None  # ISO 639-1
    author: str | None = None  # several authors joined with ", "
    canonical_url: str | None = None  # absolute
    site_name: str | None = None


# --- tables: where each field is written, strongest first -----------------------------------

ARTICLE_TYPES = ("NewsArticle", "Article", "BlogPosting", "ReportageNews", "AnalysisNewsArticle", "Report")
PAGE_TYPES = ("WebPage", "ItemPage")  # Yoast puts the dates on the WebPage node as well

# (attribute, value) of <meta> tags; the tag's `content` holds the value.
TITLE_META = [("property", "og:title"), ("name", "twitter:title"), ("name", "dc.title")]
DESCRIPTION_META = [
    ("property", "og:description"),
    ("name", "description"),
    ("name", "twitter:description"),
    ("name", "dc.description"),
]
PUBLISHED_META = [
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datepublished"),
    ("name", "dc.date.issued"),
    ("name", "dc.date"),
    ("name", "dcterms.created"),
    ("name", "dcterms.date"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
]
MODIFIED_META = [
    ("property", "article:modified_time"),
    ("property", "og:updated_time"),
    ("itemprop", "datemodified"),
    ("name", "dcterms.modified"),
    ("name", "last-modified"),
]
AUTHOR_META = [("name", "author"), ("property", "article:author"), ("name", "dc.creator"), ("name", "twitter:creator")]
SITE_META = [("property", "og:site_name"), ("name", "application-name")]
LANGUAGE_META = [("property", "og:locale"), ("http-equiv", "content-language"), ("name", "language")]

# Where the page itself shows a date or a byline, when the metadata is silent.
DATE_SELECTORS = [
    "article time[datetime]",
    "main time[datetime]",
    "time.entry-date[datetime]",
    "time[datetime]",
    "[itemprop=datePublished]",
]
DATE_TEXT_SELECTORS = [".entry-date", ".post-date", ".published", ".date", ".meta-date", ".news-date", ".article-date"]
BYLINE_SELECTORS = [
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "a[rel=author]",
    ".byline .author",
    ".byline",
    ".author-name",
    ".entry-author",
    ".post-author",
    ".vcard .fn",
    ".author",
]
# "By Anna", "Автор: Анна", "Autorka: Anna": the prefix is not the name.
BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|av|von|par|posted by|written by|skrivet av|text|autor(?:ka)?|автор|авторы|muallif|муаллиф)\s*:?\s+",
    re.IGNORECASE,
)
TITLE_CUT_MARKS = ("…", "...", "[…]", "[...]")
MIN_PARAGRAPH = 60  # a body paragraph shorter than this is a caption, not a description
MAX_AUTHOR = 80  # a "byline" longer than this is a sentence, not a name


# --- entry point -----------------------------------------------------------------------------


def read_article(html: str, url: str, *, now: datetime | None = None) -> ArticleMeta:
    """Metadata of the article page `html` fetched from `url` (`now` bounds plausible dates)."""
    try:
        return _read(html, url, now)
    except Exception:  # a page this odd yields nothing rather than breaking the run
        return ArticleMeta()


def merge_article(entry: RawEntry, meta: ArticleMeta) -> RawEntry:
    """`entry` (found on a listing page) completed with its article page's metadata.

    What the listing gave wins, except that a title the listing cut short ("…") gives way to
    the article's own, and that a missing `published` is taken from the article
    even when the listing had a date as text (`published_text`, kept as the fallback): the
    article's metadata carries the time and zone, the listing's text only the day. Link and
    guid never change, so the story keeps its id. The page's language becomes the item's
    metadata language (the brief's order: title marker, item metadata, text, feed language).
    """
    return replace(
        entry,
        title=meta.title if meta.title and _cut_short(entry.title) else entry.title or meta.title,
        summary=entry.summary or entry.content or meta.description,
        published=entry.published or meta.published,
        updated=entry.updated or meta.modified,
        author=entry.author or meta.author,
        language=entry.language or meta.language,
    )


def _cut_short(title: str | None) -> bool:
    """A listing title the site shortened ("Camp in Osh brings…"): the article has it whole."""
    return bool(title) and title.rstrip().endswith(TITLE_CUT_MARKS)


def _read(html: str, url: str, now: datetime | None) -> ArticleMeta:
    if not isinstance(html, str) or not html.strip():
        return ArticleMeta()
    with warnings.catch_warnings():  # bs4 warns on odd input; harmless here
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html, "lxml")
    metas = _meta_index(soup)
    ld = _json_ld_article(soup)
    language = _language(soup, metas, ld)
    languages = (language,) if language else ()
    site_name = _first_text(_meta(metas, SITE_META), _ld_name(ld.get("publisher")))
    return ArticleMeta(
        title=_title(soup, metas, ld, site_name),
        description=_description(soup, metas, ld),
        published=_date(
            [ld.get("datePublished"), *_meta_all(metas, PUBLISHED_META), *_page_dates(soup)], languages, now
        ),
        modified=_date([ld.get("dateModified"), *_meta_all(metas, MODIFIED_META)], languages, now),
        language=language,
        author=_author(soup, metas, ld),
        canonical_url=_canonical(soup, metas, url),
        site_name=site_name,
    )


# --- meta tags -------------------------------------------------------------------------------


def _meta_index(soup: BeautifulSoup) -> dict[tuple[str, str], list[str]]:
    """(attribute, lower-cased name) -> contents, e.g. ("property", "og:title") -> ["..."]."""
    index: dict[tuple[str, str], list[str]] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attribute)
            if isinstance(key, str):
                index.setdefault((attribute, key.strip().lower()), []).append(content.strip())
    # Sites mix up name= and property= for Open Graph; accept either.
    for (attribute, key), values in list(index.items()):
        if attribute == "name" and key.startswith(("og:", "article:")):
            index.setdefault(("property", key), values)
    return index


def _meta_all(metas: dict[tuple[str, str], list[str]], keys: list[tuple[str, str]]) -> list[str]:
    return [value for key in keys for value in metas.get(key, [])]


def _meta(metas: dict[tuple[str, str], list[str]], keys: list[tuple[str, str]]) -> str | None:
    values = _meta_all(metas, keys)
    return values[0] if values else None


# --- JSON-LD ---------------------------------------------------------------------------------


def _json_ld_article(soup: BeautifulSoup) -> dict[str, Any]:
    """The article node of the page's JSON-LD (an Article type first, else the WebPage node),
    with `author` and `publisher` references (`{"@id": ...}`) resolved within the page."""
    nodes = [node for data in _json_ld_blocks(soup) for node in _walk(data)]
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for wanted in (ARTICLE_TYPES, PAGE_TYPES):
        for node in nodes:
            if _has_type(node, wanted):
                return {key: _resolve(value, by_id) for key, value in node.items()}
    return {}


def _json_ld_blocks(soup: BeautifulSoup) -> Iterator[Any]:
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
        text = (script.string or script.get_text() or "").strip()
        # CMSs wrap it in comments or CDATA; control characters in strings are common too.
        text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text).strip()
        try:
            yield json.loads(text, strict=False)
        except ValueError:
            continue


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph"))
        yield from _walk(data.get("mainEntity"))


def _has_type(node: dict[str, Any], wanted: tuple[str, ...]) -> bool:
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name.split("/")[-1] in wanted for name in names)


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def _ld_name(value: Any) -> str | None:
    """A name from a JSON-LD person/organisation: a string, an object or a list of them."""
    if isinstance(value, str):
        return None if value.startswith(("http://", "https://")) else value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [name for name in map(_ld_name, value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return None


# --- fields ----------------------------------------------------------------------------------


def _first_text(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str):
            text = extract.plain_text(value)
            if text:
                return text
    return None


def _title(
    soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any], site: str | None
) -> str | None:
    heading = soup.select_one("article h1, main h1, h1")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    title = _first_text(_meta(metas, TITLE_META), ld.get("headline"), ld.get("name"), _text(heading), page_title)
    if not title:
        return None
    # og:title and <title> often end in the site's name: "Camp report – Novi Ritm".
    return extract.strip_site_name(title, [site] if site else []) or title


def _description(soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any]) -> str | None:
    found = _first_text(_meta(metas, DESCRIPTION_META), ld.get("description"))
    if found:
        return found
    # No description anywhere: the article's first real paragraph stands in.
    for paragraph in soup.select("article p, main p, .entry-content p, .post-content p") + soup.select("p"):
        text = _text(paragraph)
        if text and len(text) >= MIN_PARAGRAPH:
            return text
    return None


def _page_dates(soup: BeautifulSoup) -> list[str]:
    found: list[str] = []
    for selector in DATE_SELECTORS:
        for element in soup.select(selector)[:1]:
            value = element.get("datetime") or element.get("content") or _text(element)
            if isinstance(value, str):
                found.append(value)
    for selector in DATE_TEXT_SELECTORS:
        element = soup.select_one(selector)
        if element is not None:
            found.append(_text(element) or "")
    return found


def _date(values: list[Any], languages: tuple[str, ...], now: datetime | None) -> datetime | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            parsed = extract.parse_date(value, languages, now=now)
            if parsed is not None:
                return parsed
    return None


def _language(soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any]) -> str | None:
    root = soup.find("html")
    declared = (root.get("lang") or root.get("xml:lang")) if isinstance(root, Tag) else None
    for value in (declared, *_meta_all(metas, LANGUAGE_META), ld.get("inLanguage")):
        code = extract.normalize_language(value if isinstance(value, str) else None)
        if code:
            return code
    return None


def _author(soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any]) -> str | None:
    candidates: list[str | None] = [_ld_name(ld.get("author")), _ld_name(ld.get("creator"))]
    candidates += [value for value in _meta_all(metas, AUTHOR_META) if not value.startswith(("http", "@"))]
    for selector in BYLINE_SELECTORS:
        element = soup.select_one(selector)
        candidates.append(_text(element) if element is not None else None)
    for candidate in candidates:
        name = clean_byline(candidate)
        if name:
            return name
    return None


def clean_byline(raw: str | None) -> str | None:
    """ "By Anna Ivanova" -> "Anna Ivanova"; sentences and empty strings -> None."""
    text = BYLINE_PREFIX.sub("", extract.plain_text(raw)).strip(" ,;:-–|")
    return text if text and len(text) <= MAX_AUTHOR else None


def _canonical(soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], url: str) -> str | None:
    link = soup.find("link", rel="canonical", href=True)
    href = link.get("href") if isinstance(link, Tag) else None
    href = href if isinstance(href, str) and href.strip() else _meta(metas, [("property", "og:url")])
    if not href or href.strip().startswith(("#", "javascript:")):
        return None
    return join(url, href.strip())


def _text(element: Tag | None) -> str | None:
    if element is None:
        return None
    return " ".join(element.get_text(" ", strip=True).split()) or None
