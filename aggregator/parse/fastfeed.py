"""A fast path for well-formed RSS 2.0 and Atom 1.0: lxml directly, about 10x cheaper than
feedparser on a 20-item feed (0.6 ms against 5.8 ms here).

It handles only what it is sure of. Anything else — RSS 0.9x/1.0 (RDF), JSON Feed, a
document lxml will not parse strictly (ill-formed XML, undefined entities, a DOCTYPE), an
element shape it does not know (parse/fastshape.py) — returns None and the caller uses
feedparser, which stays the reference: tests/test_fastfeed.py checks both give the same items
over the fixture corpus, tests/test_feedparser_equivalence.py over feedparser's own test feeds.
"""

from __future__ import annotations

import re
from typing import Literal

from lxml import etree

from aggregator.models import ParsedPage, RawEntry
from aggregator.parse.dates import ItemDates, Stamp, item_dates, read_date
from aggregator.parse.fastshape import ATOM, DC, DCTERMS, UnsureError, check_atom_entry, check_rss_item
from aggregator.parse.media import atom_media, rss_media
from aggregator.parse.urls import guid_link, join

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Entities are never expanded and nothing is fetched: a DOCTYPE at all sends the feed to feedparser.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False, load_dtd=False)
_RSS_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_EMAIL = re.compile(r"^\s*\S+@\S+\s*$")


def parse_fast(body: bytes, base_url: str) -> ParsedPage | None:
    """Parse a UTF-8 feed document, or return None when feedparser should do it."""
    if b"<!DOCTYPE" in body[:2048] or b"<!ENTITY" in body[:4096]:
        return None
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return None
    try:
        if root.tag == "rss" and root.get("version", "").startswith("2."):
            return _rss(root, base_url)
        if root.tag == f"{ATOM}feed":
            return _atom(root, base_url)
    except UnsureError:
        return None
    return None


# --- RSS 2.0 ----------------------------------------------------------------------------------


def _rss(root: etree._Element, base_url: str) -> ParsedPage:
    channel = root.find("channel")
    if channel is None:
        raise UnsureError
    base_url = _based(_based(base_url, root), channel)  # xml:base applies in RSS too, as in feedparser
    # feedparser reads the Dublin Core names where the RSS ones are missing; so does this path.
    language = _first_text(channel, "language", f"{DC}language")
    entries = tuple(_rss_item(item, base_url, language) for item in channel.iterfind("item"))
    return ParsedPage(
        kind="feed",
        title=_first_text(channel, "title", f"{DC}title"),
        link=_rss_link(channel, base_url),
        language=language,
        entries=entries,
    )


def _rss_item(item: etree._Element, base_url: str, feed_language: str | None) -> RawEntry:
    check_rss_item(item)
    base_url = _based(base_url, item)
    guid = item.find("guid")
    dates = _rss_dates(item)
    media = rss_media(item, base_url)
    return RawEntry(
        link=_rss_link(item, base_url) or guid_link(_text(guid), base_url, _permalink(guid)),
        title=_first_text(item, "title", f"{DC}title"),
        guid=_text(guid),
        summary=_first_text(item, "description", f"{DC}description"),
        content=_text(item.find(CONTENT_ENCODED)),
        published=dates.published,
        updated=dates.updated,
        author=_rss_author(item),
        language=own_language(_text(item.find(f"{DC}language")), feed_language),
        published_text=dates.published_text,
        image=media.image,
        attachments=media.attachments,
        tags=media.tags,
    )


def _rss_link(element: etree._Element, base_url: str) -> str | None:
    """<link>address</link>, or <link href="address"/> as some generators write it."""
    link = element.find("link")
    if link is None:
        return None
    return _absolute(_text(link) or (link.get("href") or "").strip(), base_url)


def _permalink(guid: etree._Element | None) -> Literal["true", "false"] | None:
    stated = (guid.get("isPermaLink") or "").strip().lower() if guid is not None else ""
    return "true" if stated == "true" else "false" if stated == "false" else None


def _rss_dates(item: etree._Element) -> ItemDates:
    return item_dates(
        published=_stamp(_last_text(item, "pubDate", f"{DCTERMS}issued")),
        created=_stamp(_last_text(item, f"{DCTERMS}created")),
        updated=_stamp(_last_text(item, f"{DC}date", f"{DCTERMS}modified")),
    )


def _rss_author(item: etree._Element) -> str | None:
    creator = _first_text(item, f"{DC}creator", f"{DC}author")
    if creator:
        return creator
    author = _text(item.find("author"))
    if author:
        match = _RSS_AUTHOR.match(author)  # "mail@example.org (Name)": the name is what is shown
        return match.group("name").strip() if match else _byline(author)
    return None


def _byline(author: str) -> str | None:
    """An author that is only an email address is no byline: nobody is named, and an address
    is not published (feed.py drops it too)."""
    return None if _EMAIL.match(author) else author


# --- Atom 1.0 ---------------------------------------------------------------------------------


def _atom(root: etree._Element, base_url: str) -> ParsedPage:
    base = _based(base_url, root)
    language = root.get(XML_LANG)
    if root.find("item") is not None or root.find(f"{ATOM}item") is not None:
        raise UnsureError  # RSS items in an Atom feed: feedparser reads them as entries
    entries = tuple(_atom_entry(entry, base, language) for entry in root.iterfind(f"{ATOM}entry"))
    return ParsedPage(
        kind="feed",
        title=_atom_text(root.find(f"{ATOM}title")),
        link=_atom_link(root, base),
        language=language,
        entries=entries,
    )


def _atom_entry(entry: etree._Element, base: str, feed_language: str | None) -> RawEntry:
    check_atom_entry(entry)
    base = _based(base, entry)
    dates = item_dates(
        published=_stamp(_last_text(entry, f"{ATOM}published")),
        created=Stamp(),  # Atom 1.0 has none; Atom 0.3's <created> goes to feedparser
        updated=_stamp(_last_text(entry, f"{ATOM}updated")),
    )
    author = entry.find(f"{ATOM}author/{ATOM}name")
    content = entry.find(f"{ATOM}content")
    if content is not None and content.get("src"):
        raise UnsureError  # out-of-line content
    title = entry.find(f"{ATOM}title")
    media = atom_media(entry, base)
    return RawEntry(
        link=_atom_link(entry, base) or guid_link(_text(entry.find(f"{ATOM}id")), base, None),
        title=_atom_text(title),
        title_is_text=title is not None and title.get("type", "text") == "text",
        guid=_text(entry.find(f"{ATOM}id")),
        summary=_atom_text(entry.find(f"{ATOM}summary")),
        content=_atom_text(content),
        published=dates.published,
        updated=dates.updated,
        author=_text(author),
        language=own_language(entry.get(XML_LANG), feed_language),
        published_text=dates.published_text,
        alternates=_atom_alternates(entry, base),
        image=media.image,
        attachments=media.attachments,
        tags=media.tags,
    )


def _atom_link(element: etree._Element, base: str) -> str | None:
    """The alternate link's href, or its text: feedparser reads <link>address</link> too. A link
    with hreflang is the post in another language, taken only when there is no other."""
    found = [
        (bool(link.get("hreflang")), join(base, address))
        for link in element.iterfind(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate" and (address := (link.get("href") or "").strip() or _text(link))
    ]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _atom_alternates(element: etree._Element, base: str) -> tuple[str, ...]:
    """The hreflang alternates of an entry, other than its own link."""
    return _hreflang_links(element, base, _atom_link(element, base))


def _hreflang_links(element: etree._Element, base: str, own: str | None) -> tuple[str, ...]:
    """`<link rel="alternate" hreflang href>` of an Atom entry: the post in other languages, other
    than `own`. (An RSS item with `<atom:link>` children is left to feedparser: check_rss_item.)"""
    found = [
        join(base, address)
        for link in element.iterfind(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
        and link.get("hreflang")
        and (address := (link.get("href") or "").strip())
    ]
    return tuple(dict.fromkeys(url for url in found if url != own))


def _atom_text(element: etree._Element | None) -> str | None:
    """Atom text constructs: text and html as their text, xhtml as the markup inside its div."""
    if element is None:
        return None
    kind = element.get("type", "text")
    if kind in ("text", "html"):
        return _text(element)
    if kind == "xhtml":
        div = element.find("{http://www.w3.org/1999/xhtml}div")
        if div is None:
            raise UnsureError
        inner = (div.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in div)
        return inner.strip() or None
    raise UnsureError  # a media type: feedparser knows what to make of it


# --- small pieces -----------------------------------------------------------------------------


def _first_text(element: etree._Element, *names: str) -> str | None:
    """The text of the first of these child elements that has one."""
    for name in names:
        text = _text(element.find(name))
        if text:
            return text
    return None


def _last_text(element: etree._Element, *names: str) -> str | None:
    """The text of the last of these child elements: a date written twice is read as feedparser
    reads it, the later one overwriting."""
    found = [child for child in element.iterchildren(*names) if (child.text or "").strip() or len(child)]
    return _text(found[-1]) if found else None


def _stamp(text: str | None) -> Stamp:
    return Stamp(text, read_date(text))


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    if len(element):  # markup where text was expected: let feedparser decide what it means
        raise UnsureError
    text = (element.text or "").strip()
    return text or None


def _based(base: str, element: etree._Element) -> str:
    """The address `element`'s relative links are relative to: its xml:base, if any, on `base`."""
    return join(base, element.get(XML_BASE, "")) or base


def _absolute(url: str | None, base: str) -> str | None:
    return join(base, url) if url else None


def own_language(language: str | None, feed_language: str | None) -> str | None:
    """An item's language only when it says something the channel does not (as feed.py does; the
    JSON Feed reader too)."""
    if not language:
        return None
    own = re.split(r"[-_]", language)[0].lower()
    inherited = re.split(r"[-_]", feed_language or "")[0].lower()
    return language if own != inherited else None
