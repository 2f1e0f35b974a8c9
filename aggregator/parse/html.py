"""HTML news pages -> entries, with the CSS selectors a source gives in sources.yaml."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from aggregator.models import ParsedPage, RawEntry, Selectors
from aggregator.parse.urls import base_href, join


def scrape(html: str, base_url: str, select: Selectors) -> ParsedPage:
    """One entry per element matching `select.item`; elements without a title or link are skipped.

    Dates are passed on as written (`published_text`, or a `datetime`/`content` attribute): the
    extraction stage reads them in the source's languages.
    """
    soup = BeautifulSoup(html, "lxml")
    base = base_href(soup, base_url)
    entries = []
    for block in soup.select(select.item):
        title_element = block.select_one(select.title)
        if title_element is None:
            continue
        link = _link(block, title_element, select.link, base)
        if not link:
            continue
        entries.append(
            RawEntry(
                link=link,
                title=title_element.get_text(" ", strip=True),
                title_is_text=True,  # get_text: the markup is gone, a "<" left is the title's
                guid=link,
                summary=_inner_html(block, select.excerpt),
                published_text=_date_text(block, select.date),
                author=_text(block, select.author),
                alternates=_alternates(block, base, link),
            )
        )
    if not entries:
        return ParsedPage(kind="unusable", error=f"no items match the selector {select.item!r}")
    title = soup.title.get_text(strip=True) if soup.title else None
    return ParsedPage(
        kind="html", title=title, link=base_url, language=page_language(html, soup), entries=tuple(entries)
    )


def page_language(html: str, soup: BeautifulSoup | None = None) -> str | None:
    """The page's declared language (`<html lang>`), a page-level hint only."""
    soup = soup or BeautifulSoup(html, "lxml")
    root = soup.find("html")
    lang = root.get("lang") if isinstance(root, Tag) else None
    return str(lang).strip() or None if lang else None


def _link(block: Tag, title: Tag, selector: str | None, base: str) -> str | None:
    candidates: list[Tag | None] = []
    if selector:
        candidates.append(block.select_one(selector))
    else:
        # The usual shapes: <h2><a href>title</a></h2>, <a href><h2>title</h2></a>, or the
        # block's first link.
        candidates += [
            title if title.name == "a" else title.find("a", href=True),
            title.find_parent("a"),
            block.find("a", href=True),
        ]
    for element in candidates:
        if isinstance(element, Tag):
            href = element.get("href") if element.name == "a" else None
            if href is None:
                inner = element.find("a", href=True)
                href = inner.get("href") if isinstance(inner, Tag) else None
            if href and not str(href).startswith(("#", "javascript:", "mailto:")):
                return join(base, str(href).strip())
    return None


def _alternates(block: Tag, base: str, own: str) -> tuple[str, ...]:
    """`<link rel="alternate" hreflang href>` inside the item's block: the post in other languages."""
    found = []
    for element in block.find_all("link", href=True, hreflang=True):
        rel = element.get("rel") or []
        if "alternate" in [str(x).lower() for x in rel] and str(element["href"]).strip():
            found.append(join(base, str(element["href"]).strip()))
    return tuple(dict.fromkeys(url for url in found if url != own))


def _inner_html(block: Tag, selector: str | None) -> str | None:
    element = block.select_one(selector) if selector else None
    return element.decode_contents() if element else None


def _text(block: Tag, selector: str | None) -> str | None:
    element = block.select_one(selector) if selector else None
    text = element.get_text(" ", strip=True) if element else ""
    return text or None


def _date_text(block: Tag, selector: str | None) -> str | None:
    element = block.select_one(selector) if selector else None
    if element is None:
        return None
    for attribute in ("datetime", "content"):
        value = element.get(attribute)
        if value and str(value).strip():
            return str(value).strip()
    return element.get_text(" ", strip=True) or None
