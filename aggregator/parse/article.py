"""One article page -> its metadata (`read_article`), for HTML sources whose listing lacks it.

Pure and total: no I/O, never raises. The signals, strongest first, are tables below:
JSON-LD (NewsArticle/Article/BlogPosting, also inside @graph, authors resolved by @id), then
Open Graph / article:* / Dublin Core / itemprop meta tags, then the page itself (<time>,
bylines, <h1>, <title>).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from aggregator import extract
from aggregator.models import RawEntry
from aggregator.parse.byline import byline_elements, clean_byline, find_author
from aggregator.parse.jsonld import article_node, ld_name
from aggregator.parse.maintext import as_summary, thin_entry
from aggregator.parse.pagedate import first_date, page_zone, published
from aggregator.parse.sitename import host_forms, squash
from aggregator.parse.urls import join

__all__ = ["ArticleMeta", "clean_byline", "merge_article", "read_article"]


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
    # The article's own text, paragraphs a line; read only for `full_text` sources (`maintext`).
    main_text: str | None = None
    image: str | None = None  # og:image, twitter:image or JSON-LD image: an address, resolved, never fetched
    tags: tuple[str, ...] = ()  # article:tag


# --- tables: where each field is written, strongest first -----------------------------------

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
SITE_META = [("property", "og:site_name"), ("name", "application-name")]
IMAGE_META = [("property", "og:image"), ("property", "og:image:url"), ("name", "twitter:image")]
TAG_META = [("property", "article:tag")]
LANGUAGE_META = [
    ("property", "og:locale"),
    ("http-equiv", "content-language"),
    ("name", "language"),
    ("name", "dc.language"),
    ("name", "dcterms.language"),
]

TITLE_CUT_MARKS = ("…", "...", "[…]", "[...]")
LANGUAGE_SAMPLE = 2000  # characters of the article's text that decide between declared languages
MIN_PARAGRAPH = 60  # a body paragraph shorter than this is a caption, not a description


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
    When the article's main text was read (`full_text`), it is the summary of an entry that
    gave only its title or one line.
    """
    if meta.main_text and thin_entry(entry):
        summary = as_summary(meta.main_text)
    else:
        summary = entry.summary or entry.content or meta.description
    return replace(
        entry,
        title=meta.title if meta.title and _cut_short(entry.title) else entry.title or meta.title,
        summary=summary,
        published=entry.published or meta.published,
        updated=entry.updated or meta.modified,
        author=entry.author or meta.author,
        language=entry.language or meta.language,
        image=entry.image or meta.image,
        tags=entry.tags or meta.tags,
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
    ld = article_node(soup)
    site_names = [name for name in (*_meta_all(metas, SITE_META), ld_name(ld.get("publisher"))) if name]
    site_name = _first_text(*site_names)
    title = _title(soup, metas, ld, site_names, url)
    description = _description(soup, metas, ld)
    language = _language(soup, metas, ld, f"{title or ''}\n{description or ''}")
    languages = (language,) if language else ()
    bylines = byline_elements(soup)
    declared = [ld.get("datePublished"), *_meta_all(metas, PUBLISHED_META)]
    modified = [ld.get("dateModified"), *_meta_all(metas, MODIFIED_META)]
    return ArticleMeta(
        title=title,
        description=description,
        published=published(soup, declared, modified, bylines, languages, now, (html, url)),
        modified=first_date(modified, languages, now, page_zone([*modified, *declared])),
        language=language,
        author=find_author(bylines, metas, ld, site_names, url),
        canonical_url=_canonical(soup, metas, url),
        site_name=site_name,
        image=_image(metas, ld, url),
        tags=tuple(_meta_all(metas, TAG_META)),
    )


def _image(metas: dict[tuple[str, str], list[str]], ld: dict[str, Any], url: str) -> str | None:
    """The page's own picture of the story: og:image, else twitter:image, else JSON-LD `image`
    (an address, an ImageObject, or a list of either). Only resolved: aggregator.media cleans it."""
    found = ld.get("image")
    found = found[0] if isinstance(found, list) and found else found
    found = found.get("url") if isinstance(found, dict) else found
    candidates = [*_meta_all(metas, IMAGE_META), found if isinstance(found, str) else ""]
    for candidate in candidates:
        if candidate.strip() and (address := join(url, candidate.strip())):
            return address
    return None


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


# --- fields ----------------------------------------------------------------------------------


def _first_text(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str):
            text = extract.plain_text(value)
            if text:
                return text
    return None


def _title(
    soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any], sites: list[str], url: str
) -> str | None:
    heading = _text(soup.select_one("article h1, main h1, h1"))
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    candidates = [_meta(metas, TITLE_META), ld.get("headline"), ld.get("name"), heading, page_title]
    # og:title or an <h1> that is just the site's name ("Ethify", "Zoll") names no story.
    site_forms = {squash(site) for site in sites} | host_forms(url)
    texts = [text for text in map(_first_text, candidates) if text and squash(text) not in site_forms]
    if not texts:
        return None
    # og:title and <title> often carry the site's name: "Camp report – Novi Ritm", "Camp | lastampa.it".
    title = extract.strip_site_name(texts[0], sites) or texts[0]
    title = _without_host_part(title, host_forms(url))
    # Or a name we can't tell: then the headline the page also gives, whole, is the title.
    for other in texts[1:]:
        for separator in extract._SITE_SEPARATOR_RE.finditer(title):
            if other in (title[: separator.start()], title[separator.end() :]):
                return other
    # A separator left dangling by the site's template: "Olympia 2028 dabei -".
    return title.rstrip(" -–—|:»›·•").strip() or title


def _without_host_part(title: str, forms: frozenset[str]) -> str:
    separators = list(extract._SITE_SEPARATOR_RE.finditer(title))
    if separators and squash(title[separators[-1].end() :]) in forms:
        title = title[: separators[-1].start()]
    separators = list(extract._SITE_SEPARATOR_RE.finditer(title))
    if separators and squash(title[: separators[0].start()]) in forms:
        title = title[separators[0].end() :]
    return title.strip()


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


def _language(
    soup: BeautifulSoup, metas: dict[tuple[str, str], list[str]], ld: dict[str, Any], lead: str
) -> str | None:
    root = soup.find("html")
    declared = (root.get("lang") or root.get("xml:lang")) if isinstance(root, Tag) else None
    values = (declared, *_meta_all(metas, LANGUAGE_META), ld.get("inLanguage"))
    codes = [
        code
        for code in dict.fromkeys(extract.normalize_language(v if isinstance(v, str) else None) for v in values)
        if code
    ]
    if len(codes) <= 1:
        return codes[0] if codes else None
    # The template's <html lang> and the article's og:locale disagree (a Russian theme on a
    # Kyrgyz post): the text decides among them, and the first stands when it can't.
    return extract.detect_language(_sample(soup, lead), codes) or codes[0]


def _sample(soup: BeautifulSoup, lead: str) -> str:
    """The article's own words: title, description and its first paragraphs."""
    paragraphs = soup.select("article p, main p, .entry-content p, .post-content p") or soup.select("p")
    text = lead
    for paragraph in paragraphs:
        if len(text) >= LANGUAGE_SAMPLE:
            break
        text += "\n" + (_text(paragraph) or "")
    return text


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
