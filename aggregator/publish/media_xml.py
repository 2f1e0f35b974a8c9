"""A story's media in Atom and RSS, written the way readers look for them.

- Atom: one `link rel="enclosure"` per attachment (type, and length when known), one
  `category term` per tag, and `media:thumbnail` for the lead image.
- RSS: one `enclosure` (RSS 2.0 allows one per item; readers take the first), the first
  attachment, with url, length (0 when unknown, the usual practice) and type, which RSS requires;
  one `category` per tag (text, so HTML-escaped like every RSS text here); `media:thumbnail`.

The addresses were cleaned when collected (aggregator.media) and pass `safe_url` again here, as
every published link does. Nothing is fetched: readers load the image if their user wants it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from feedgen.ext.base import BaseExtension
from lxml import etree

from aggregator.models import Attachment, Story
from aggregator.publish.links import safe_url

MEDIA_NS = "http://search.yahoo.com/mrss/"
UNKNOWN_TYPE = "application/octet-stream"  # RSS and JSON Feed require a type; this one says "a file"


class MediaNamespace(BaseExtension):
    """Declares the media RSS namespace once, on the document's root (feedgen collects the
    namespaces of feed extensions)."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


def published_attachments(story: Story) -> list[Attachment]:
    """The story's attachments as published: safe addresses only, a type always."""
    return publishable(story.attachments)


def publishable(attachments: Iterable[Attachment]) -> list[Attachment]:
    return [
        Attachment(url, attachment.type or UNKNOWN_TYPE, attachment.length)
        for attachment in attachments
        if (url := safe_url(attachment.url))
    ]


def attachment_label(attachment: Attachment) -> str:
    """How a page names a file: its kind and size, "PDF, 1.2 MB", "audio (MPEG), 31 MB", "file"."""
    major, _, minor = attachment.type.partition("/")
    if attachment.type == UNKNOWN_TYPE or not minor:
        kind = "file"
    elif major == "application":
        kind = minor.split("+")[0].split(".")[-1].upper()[:12]
    else:
        kind = f"{major} ({minor.split('+')[0].upper()[:12]})"
    return f"{kind}, {_size(attachment.length)}" if attachment.length else kind


def _size(length: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if length >= scale:
            return f"{length / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{length} bytes"


def add_atom_media(entry: etree._Element, story: Story) -> None:
    for attachment in published_attachments(story):
        link = etree.SubElement(entry, "link", rel="enclosure", href=attachment.url, type=attachment.type)
        if attachment.length:
            link.set("length", str(attachment.length))
    for tag in story.tags:
        etree.SubElement(entry, "category", term=tag)
    _thumbnail(entry, story)


def add_rss_media(item: etree._Element, story: Story, text: Callable[[str], str]) -> None:
    attachments = published_attachments(story)
    if attachments:
        first = attachments[0]
        etree.SubElement(item, "enclosure", url=first.url, length=str(first.length), type=first.type)
    for tag in story.tags:
        etree.SubElement(item, "category").text = text(tag)
    _thumbnail(item, story)


def _thumbnail(element: etree._Element, story: Story) -> None:
    if image := safe_url(story.image):
        etree.SubElement(element, f"{{{MEDIA_NS}}}thumbnail", url=image)
