"""JSON Feed 1.0 and 1.1 documents -> entries, read by hand: feedparser 6.0 has no JSON parser.

Everything in the document is the partner's and may be anything JSON can say (or not JSON at
all), so every field is read through a reader that takes only the type it expects and gives
None otherwise; nothing here raises. The choices where the spec leaves room:

- The link is the item's `url` (the partner's own permalink). Without one, an `id` that is an
  absolute http(s) address stands in, as a permalink GUID does in RSS; only then the
  `external_url`: on a link-blog that is the article talked about, not the partner's post, but
  it is the one address left and the partner's title and summary still describe it.
- `summary` is the summary; the body is `content_html`, else `content_text`: the cleaning stage
  reads bodies as HTML, so the HTML version is the one it reads right.
- Titles are plain text in JSON Feed and are passed on exactly as written.
- Relative addresses are resolved against `home_page_url` (item permalinks live on the site),
  else `feed_url`, else the address the document was fetched from; those two are themselves
  resolved against the fetch address first.
- Authors: the item's (1.1 `authors`, else 1.0 `author`), else the feed's; names joined by ", ".
- Dates are RFC 3339; one that does not read as such is kept as text (`published_text`) for the
  cleaning stage's lenient date reader, as the XML paths do.

- Media: the item's `image` is its lead image (else the first image attachment), its other
  `attachments` and its `tags` go to the entry as the XML paths' enclosures and categories do
  (parse/media.py). `external_url` has no place in `RawEntry` yet: `read_json_feed` keeps it
  on `JsonFeedItem`, with every attachment's title and duration.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aggregator.models import ParsedPage, RawEntry
from aggregator.parse.fastfeed import own_language
from aggregator.parse.media import MediaRef, pick_media
from aggregator.parse.urls import join

_JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
_ABSOLUTE_WEB = re.compile(r"^https?://[^/\s]", re.IGNORECASE)
_SPACE_AND_BOM = " \t\r\n\ufeff"
_MAX_INT_DIGITS = 30  # longer integers are no id anyone means, and int() refuses them past 4,300 digits


@dataclass(frozen=True)
class Attachment:
    url: str
    mime_type: str | None = None
    title: str | None = None
    size_in_bytes: int | None = None
    duration_in_seconds: float | None = None


@dataclass(frozen=True)
class JsonFeedItem:
    entry: RawEntry
    external_url: str | None = None
    tags: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class JsonFeed:
    title: str | None
    link: str | None  # home_page_url
    language: str | None
    items: tuple[JsonFeedItem, ...]


def is_json_document(text: str, content_type: str = "") -> bool:
    """True when the body is JSON rather than markup: an object, or an array the server calls
    JSON. No feed or page written in markup starts with "{", except a page served as HTML with
    some debugging output printed before its <html>: that one stays a page."""
    head = text[:256].lstrip(_SPACE_AND_BOM)
    media_type = _media_type(content_type)
    if head.startswith("{"):
        return not (media_type == "text/html" and "<html" in text[:4096].lower())
    return head.startswith("[") and bool(_JSON_TYPES.match(media_type))


def parse_json_feed(text: str, base_url: str) -> ParsedPage:
    """A JSON Feed as a page of entries, or `kind="unusable"` saying why it is none."""
    feed = read_json_feed(text, base_url)
    if isinstance(feed, str):
        return ParsedPage(kind="unusable", error=feed)
    return ParsedPage(
        kind="feed",
        title=feed.title,
        link=feed.link,
        language=feed.language,
        entries=tuple(item.entry for item in feed.items),
    )


def read_json_feed(text: str, base_url: str) -> JsonFeed | str:
    """The feed with everything read from it, or the reason it is not a JSON Feed."""
    try:
        document = json.loads(
            text.lstrip(_SPACE_AND_BOM),
            parse_int=_integer,
            parse_constant=lambda _name: None,  # NaN and Infinity are not JSON; read as null
        )
    except (ValueError, RecursionError) as error:  # RecursionError: nesting deeper than the stack
        return f"JSON feed could not be parsed: {error}"[:300]
    if not isinstance(document, dict):
        return f"JSON, but not a JSON Feed (the top level is {_json_kind(document)}, not an object)"
    version = _text(document.get("version"))
    if "items" not in document and not (version and "jsonfeed.org/version" in version):
        return "JSON, but not a JSON Feed (no JSON Feed version and no items)"
    home = _url(document.get("home_page_url"), base_url)
    base = home or _url(document.get("feed_url"), base_url) or base_url
    language = _text(document.get("language"))
    feed_author = _authors(document)
    items = tuple(_item(raw, base, language, feed_author) for raw in _raw_items(document.get("items")))
    return JsonFeed(title=_text(document.get("title")), link=home, language=language, items=items)


def _raw_items(value: object) -> Iterator[dict[str, Any]]:
    """The item objects of `items`, whatever shape the list arrived in.

    PHP writes an array whose keys are no longer 0..n-1 (after filtering) as an object keyed
    "0", "2", ...: the values are the items. A lone object is read as a one-item list.
    """
    if isinstance(value, dict):
        members = list(value.values())
        value = members if members and all(isinstance(member, dict) for member in members) else [value]
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _item(raw: dict[str, Any], base: str, feed_language: str | None, feed_author: str | None) -> JsonFeedItem:
    guid = _identifier(raw.get("id"))
    external_url = _url(raw.get("external_url"), base)
    permalink_id = guid if guid and _ABSOLUTE_WEB.match(guid) else None
    published_text = _text(raw.get("date_published"))
    tags = tuple(dict.fromkeys(tag for tag in map(_text, _one_or_many(raw.get("tags"))) if tag))
    attachments = tuple(_attachments(raw.get("attachments"), base))
    media = pick_media(
        base,
        [url] if (url := _url(raw.get("image"), base)) else [],
        [],
        [MediaRef(found.url, found.mime_type or "", "", str(found.size_in_bytes or "")) for found in attachments],
        tags,
    )
    entry = RawEntry(
        link=_url(raw.get("url"), base) or permalink_id or external_url,
        title=_text(raw.get("title")),
        title_is_text=True,  # JSON Feed titles are plain text: a "<" in one is a character
        guid=guid,
        summary=_text(raw.get("summary")),
        content=_text(raw.get("content_html")) or _text(raw.get("content_text")),
        published=_rfc3339(published_text),
        updated=_rfc3339(_text(raw.get("date_modified"))),
        author=_authors(raw) or feed_author,
        language=own_language(_text(raw.get("language")), feed_language),
        published_text=published_text,
        image=media.image,
        attachments=media.attachments,
        tags=media.tags,
    )
    return JsonFeedItem(entry=entry, external_url=external_url, tags=tags, attachments=attachments)


def _authors(holder: dict[str, Any]) -> str | None:
    """Names from 1.1 `authors` (a list), else 1.0 `author` (one object); a bare string is
    taken as a name, as some feeds write it."""
    names = [_author_name(author) for author in _one_or_many(holder.get("authors"))]
    if not any(names):
        names = [_author_name(holder.get("author"))]
    kept = list(dict.fromkeys(name for name in names if name))
    return ", ".join(kept) or None


def _author_name(value: object) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _attachments(value: object, base: str) -> Iterator[Attachment]:
    for raw in _one_or_many(value):
        url = _url(raw.get("url"), base) if isinstance(raw, dict) else None
        if url:
            yield Attachment(
                url=url,
                mime_type=_text(raw.get("mime_type")),
                title=_text(raw.get("title")),
                size_in_bytes=_whole(raw.get("size_in_bytes")),
                duration_in_seconds=_seconds(raw.get("duration_in_seconds")),
            )


# --- readers of one JSON value: the expected type, else None ----------------------------------


def _integer(digits: str) -> int | float:
    return int(digits) if len(digits.lstrip("-")) <= _MAX_INT_DIGITS else float(digits)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _identifier(value: object) -> str | None:
    """An id as text: JSON Feed 1.0 feeds often write it as a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return _text(value)


def _url(value: object, base: str) -> str | None:
    text = _text(value)
    return join(base, text) if text else None


def _one_or_many(value: object) -> list[Any]:
    """A list as it is; one value where a list belongs (`"tags": "news"`) as a list of it."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _whole(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        return None
    return int(value)


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def _rfc3339(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None  # the cleaning stage reads `published_text` more leniently
    try:
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # year 1 or 9999 moved across the date line
        return None


def _json_kind(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null", bool: "a boolean"}.get(type(value), "a number")


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()
