"""RSS, Atom and RDF documents -> entries, through feedparser; JSON Feed goes to `jsonfeed`.

The fetcher has already decided the text encoding (HTTP charset, prolog, detection), so the text
is handed to feedparser as UTF-8 with the prolog's own encoding declaration removed: feedparser
must not decode windows-1251 bytes a second time.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

import feedparser

from aggregator.models import ParsedPage, RawEntry
from aggregator.parse.dates import Stamp, item_dates
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.jsonfeed import is_json_document, parse_json_feed
from aggregator.parse.media import feedparser_media
from aggregator.parse.urls import guid_link, join
from aggregator.xmltext import xml_text

_PROLOG_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_XML_BASE = re.compile(rb"""\sxml:base\s*=\s*(?:"[^"]*"|'[^']*')""")
# feedparser keeps no attributes of <guid>: the guids a feed marks isPermaLink="true" outright.
_PERMALINK_GUID = re.compile(rb"""<guid\b[^>]*\bisPermaLink\s*=\s*["']true["'][^>]*>\s*([^<]*?)\s*</guid>""", re.I)


def parse_feed(text: str, base_url: str) -> ParsedPage:
    """Parse a feed document. Never raises: an unreadable feed is `kind="unusable"`.

    Well-formed RSS 2.0 and Atom take the lxml fast path; everything else, and anything the fast
    path is unsure of, goes through feedparser. JSON Feed has its own reader: feedparser 6.0
    has none, and gave such a feed no items at all.
    """
    if is_json_document(text):
        return parse_json_feed(text, base_url)
    body = feed_bytes(text)
    return parse_fast(body, base_url) or parse_with_feedparser(body, base_url)


def feed_bytes(text: str) -> bytes:
    """What both parsers are handed: the decoded text as UTF-8, its prolog's encoding
    declaration and references to characters XML cannot carry removed."""
    text = _PROLOG_ENCODING.sub(r"\1", text, count=1)
    if "&#" in text:
        text = _CHARACTER_REFERENCE.sub(_xml_reference, text)
    return text.encode("utf-8")


def _xml_reference(match: re.Match[str]) -> str:
    """A reference to a character XML 1.0 cannot carry ("&#1;", "&#xD800;") is dropped before
    parsing, as `xml_text` drops the character itself: lxml refuses the whole feed over one,
    and feedparser crashed on a surrogate's."""
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return match.group(0) if code <= 0x10FFFF and xml_text(chr(code)) else ""


def parse_with_feedparser(body: bytes, base_url: str) -> ParsedPage:
    """The reference parser, for every feed shape and every broken feed."""
    try:
        parsed = _feedparser(body)
    except Exception as error:  # feedparser's own bugs: the feed is unusable, the pass goes on
        return ParsedPage(kind="unusable", error=f"feed could not be parsed: {type(error).__name__}: {error}")
    feed: Any = parsed.feed
    # A document feedparser recognised as a feed (a version) but found flawed, with no items,
    # is an empty channel ("&nbsp;" in its title is enough), not an unusable document.
    if not parsed.entries and parsed.bozo and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        return ParsedPage(kind="unusable", error=f"feed could not be parsed: {reason}")
    feed_language = _language(feed.get("language")) or _language((feed.get("title_detail") or {}).get("language"))
    # Atom declares each title's type and JSON Feed titles are text; RSS says nothing (clean decides).
    declared = str(parsed.get("version", "")).startswith(("atom", "json"))
    permalinks = {match.decode("utf-8", "replace") for match in _PERMALINK_GUID.findall(body)}
    entries = tuple(
        _entry(entry, guid, base_url, feed_language, permalinks, declared)
        for entry, guid in zip(parsed.entries, _written_ids(body, parsed.entries), strict=True)
    )
    return ParsedPage(
        kind="feed",
        title=feed.get("title"),
        link=_link(feed, base_url),
        language=feed_language,
        entries=entries,
    )


def _feedparser(body: bytes) -> Any:
    # No content-location: feedparser would resolve every id against the document's address
    # ("right" -> "https://partner/feeds/right") and then use it as the item's link. Links are
    # resolved here instead, as the fast path does; xml:base feedparser still applies.
    return feedparser.parse(
        body,
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,  # markup is stripped to plain text later; only text is published
        resolve_relative_uris=True,
    )


def _written_ids(body: bytes, entries: list[Any]) -> list[str | None]:
    """The entries' ids as the feed wrote them. feedparser resolves ids against xml:base as it
    does links ("123" -> "https://partner/blog/123", then taken for the link); where a document
    has xml:base, the ids are read again from it without (only attributes go: same entries)."""
    ids = [entry.get("id") for entry in entries]
    if b"xml:base" not in body:
        return ids
    try:
        plain = _feedparser(_XML_BASE.sub(b"", body)).entries
    except Exception:  # feedparser's own bugs: keep the ids it gave the first time
        return ids
    return [entry.get("id") for entry in plain] if len(plain) == len(entries) else ids


def _entry(
    entry: Any, guid: str | None, base_url: str, feed_language: str | None, permalinks: set[str], declared: bool
) -> RawEntry:
    content = entry.get("content") or []
    content_value = content[0].get("value") if content else None
    # feedparser copies an item's content into its summary when it has none; the fast path does
    # not, and the excerpt is made from the content either way.
    summary = entry.get("summary") if entry.get("summary") != content_value else None
    summary = summary or None  # an empty <summary/> is none, as on the fast path
    # dict.get: feedparser's own get() answers one date key with another (and warns).
    dates = item_dates(
        published=Stamp(dict.get(entry, "published"), _when(dict.get(entry, "published_parsed"))),
        created=Stamp(dict.get(entry, "created"), _when(dict.get(entry, "created_parsed"))),
        updated=Stamp(dict.get(entry, "updated"), _when(dict.get(entry, "updated_parsed"))),
    )
    media = feedparser_media(entry, base_url)
    return RawEntry(
        link=_link(entry, base_url) or _guid_link(entry, guid, base_url, permalinks),
        title=entry.get("title"),
        title_is_text=declared and (entry.get("title_detail") or {}).get("type") == "text/plain",
        guid=guid,
        summary=summary,
        content=content_value,
        published=dates.published,
        updated=dates.updated,
        author=_author(entry),
        language=_item_language(entry, feed_language),
        published_text=dates.published_text,
        alternates=_alternates(entry, base_url),
        image=media.image,
        attachments=media.attachments,
        tags=media.tags,
    )


def _author(entry: Any) -> str | None:
    """author_detail.name: an RSS <author> is "mail@example.org (Name)", and the name is what is
    shown. An author that is only an email address is no byline (as on the fast path)."""
    detail = entry.get("author_detail") or {}
    author = detail.get("name") or entry.get("author")
    return author if author and author != detail.get("email") else None


def _link(element: Any, base_url: str) -> str | None:
    """The alternate link, else a <link> feedparser read without one (RSS), resolved against the
    document's address. Not `element.link` first: feedparser sets it from the last <link> it met,
    an enclosure's included, and from the guid (decided in `_guid_link`)."""
    found = [link for link in element.get("links") or [] if _is_alternate(link)]
    for link in sorted(found, key=lambda link: bool(link.get("hreflang"))):  # another language's last
        return join(base_url, link["href"].strip())
    if element.get("link") and not element.get("guidislink"):
        return join(base_url, element["link"].strip())
    return None


def _is_alternate(link: Any) -> bool:
    return link.get("rel", "alternate") == "alternate" and bool((link.get("href") or "").strip())


def _alternates(entry: Any, base_url: str) -> tuple[str, ...]:
    """The hreflang alternates of an entry (the post in other languages), other than its own link."""
    own = _link(entry, base_url)
    found = [
        join(base_url, link["href"].strip())
        for link in entry.get("links") or []
        if _is_alternate(link) and link.get("hreflang")
    ]
    return tuple(dict.fromkeys(url for url in found if url != own))


def _guid_link(entry: Any, guid: str | None, base_url: str, permalinks: set[str]) -> str | None:
    if not entry.get("guidislink"):  # feedparser's word: no link of its own, and not isPermaLink="false"
        return None
    return guid_link(guid, base_url, "true" if (guid or "").strip() in permalinks else None)


def _item_language(entry: Any, feed_language: str | None) -> str | None:
    """Language stated for this entry, not inherited from the channel.

    feedparser copies the channel's language into every entry's detail; a value equal to the
    channel's says nothing about the item, so it is dropped here and the text decides instead.
    """
    for value in (
        entry.get("language"),
        (entry.get("title_detail") or {}).get("language"),
        (entry.get("summary_detail") or {}).get("language"),
    ):
        language = _language(value)
        if language and _base(language) != _base(feed_language):
            return language
    return None


def _language(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _base(tag: str | None) -> str:
    return re.split(r"[-_]", tag or "")[0].lower()


def _when(value: time.struct_time | None) -> datetime | None:
    # feedparser normalises parsed dates to UTC struct_time.
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
