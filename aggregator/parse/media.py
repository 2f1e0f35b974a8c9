"""An entry's media as its feed gives them: the lead image, the enclosures, the categories.

Both feed parsers read the same elements (RSS `enclosure`, `category`, `media:thumbnail`,
`media:content`; Atom `link rel="enclosure"`, `category term`) and hand them to `pick_media`,
so which parser read a feed never changes what an item keeps (tests/test_fastfeed.py). The
addresses are only resolved here; aggregator.media cleans and caps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from aggregator.models import Attachment
from aggregator.parse.fastshape import ATOM, MEDIA
from aggregator.parse.urls import is_web_address, join


@dataclass(frozen=True)
class MediaRef:
    """One media element as written: its address, stated type, medium and length."""

    url: str
    type: str = ""
    medium: str = ""
    length: str = ""


@dataclass(frozen=True)
class EntryMedia:
    image: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()


def pick_media(
    base: str,
    thumbnails: Iterable[str],
    contents: Iterable[MediaRef],
    enclosures: Iterable[MediaRef],
    tags: Iterable[str | None],
) -> EntryMedia:
    """The lead image is the first thumbnail, else the first image among media:content, else the
    first image enclosure; the other enclosures are the attachments."""
    resolved = [ref for ref in (_resolved(base, ref) for ref in enclosures) if ref]
    # Only a web address can be the image: a data: or javascript: "thumbnail" lets the next one in.
    images = [url for url in (_join(base, url) for url in thumbnails) if url and is_web_address(url)]
    images += [ref.url for ref in (_resolved(base, ref) for ref in contents) if ref and _is_image(ref)]
    images = [url for url in images if is_web_address(url)]
    image_enclosures = [ref for ref in resolved if _is_image(ref) and is_web_address(ref.url)]
    image = images[0] if images else (image_enclosures[0].url if image_enclosures else None)
    attachments = tuple(
        Attachment(ref.url, ref.type.strip(), _length(ref.length)) for ref in resolved if ref.url != image
    )
    return EntryMedia(image, attachments, tuple(tag.strip() for tag in tags if tag and tag.strip()))


def _is_image(ref: MediaRef) -> bool:
    return ref.medium.strip().lower() == "image" or ref.type.strip().lower().startswith("image/")


def _resolved(base: str, ref: MediaRef) -> MediaRef | None:
    url = _join(base, ref.url)
    return MediaRef(url, ref.type, ref.medium, ref.length) if url else None


def _join(base: str, url: str | None) -> str | None:
    url = (url or "").strip()
    return join(base, url) if url else None


def _length(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 16 else 0


# --- readers ------------------------------------------------------------------------------------


def rss_media(item: etree._Element, base: str) -> EntryMedia:
    return pick_media(
        base,
        _thumbnails(item),
        _contents(item),
        [_ref(enclosure, "url") for enclosure in item.iterfind("enclosure")],
        [_text(category) for category in item.iterfind("category")],
    )


def atom_media(entry: etree._Element, base: str) -> EntryMedia:
    return pick_media(
        base,
        _thumbnails(entry),
        _contents(entry),
        # <link>address</link>: feedparser reads the text when there is no href; so does this.
        [_ref(link, "href", text=True) for link in entry.iterfind(f"{ATOM}link") if link.get("rel") == "enclosure"],
        [category.get("term") for category in entry.iterfind(f"{ATOM}category")],
    )


def feedparser_media(entry: Any, base: str) -> EntryMedia:
    """The same from feedparser's entry: `links` rel="enclosure" (RSS enclosures become such
    links too), `media_thumbnail`, `media_content` and `tags`."""
    enclosures = [
        MediaRef(str(link.get("href") or ""), str(link.get("type") or ""), "", str(link.get("length") or ""))
        for link in entry.get("links") or []
        if link.get("rel") == "enclosure"
    ]
    contents = [
        MediaRef(str(found.get("url") or ""), str(found.get("type") or ""), str(found.get("medium") or ""))
        for found in entry.get("media_content") or []
    ]
    thumbnails = [str(found.get("url") or "") for found in entry.get("media_thumbnail") or []]
    tags = [tag.get("term") for tag in entry.get("tags") or []]
    return pick_media(base, thumbnails, contents, enclosures, [t if isinstance(t, str) else None for t in tags])


def _thumbnails(element: etree._Element) -> list[str]:
    return [thumbnail.get("url") or "" for thumbnail in element.iter(f"{MEDIA}thumbnail")]


def _contents(element: etree._Element) -> list[MediaRef]:
    return [
        MediaRef(content.get("url") or "", content.get("type") or "", content.get("medium") or "")
        for content in element.iter(f"{MEDIA}content")
    ]


def _ref(element: etree._Element, attribute: str, *, text: bool = False) -> MediaRef:
    url = (element.get(attribute) or "").strip() or ((element.text or "") if text else "")
    return MediaRef(url, element.get("type") or "", "", element.get("length") or "")


def _text(element: etree._Element) -> str | None:
    return (element.text or "").strip() or None
