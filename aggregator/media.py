"""A post's media as we keep and publish them: its lead image, attachments and tags, cleaned.

The addresses pass the rules links pass (dedup.clean_url: http(s) only, tracking parameters
removed; publish.links.safe_url: nothing that can break out of an attribute), so a partner's
`javascript:` or `data:` "image" is no image. They are published as addresses only: the
aggregator never fetches a partner's image or file (no hotlink proxy, README).

Tags are the partner's words: trimmed, inner spaces collapsed, cut to MAX_TAG characters, and
kept once per case-folded spelling ("Human rights", "human rights"), the first spelling winning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aggregator.dedup import clean_url
from aggregator.limits import MAX_ATTACHMENTS, MAX_TAG, MAX_TAGS, MAX_URL
from aggregator.models import Attachment
from aggregator.publish.links import safe_url
from aggregator.xmltext import xml_text

_SPACES = re.compile(r"\s+")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]{0,63}/[A-Za-z0-9][\w.+-]{0,126}$")
_MAX_LENGTH = 2**53  # bytes: what a JSON number still holds exactly; a larger "length" is none


def media_url(url: str | None) -> str | None:
    """The address as we may publish it, or None."""
    if not url:
        return None
    cleaned = safe_url(clean_url(xml_text(url)))
    return cleaned if cleaned and len(cleaned) <= MAX_URL else None


def clean_attachments(attachments: Iterable[Attachment], image: str | None = None) -> tuple[Attachment, ...]:
    """Attachments with a publishable address, once each (the lead image not again), at most
    MAX_ATTACHMENTS; a type that is no media type becomes "", a length that is no size 0."""
    kept: dict[str, Attachment] = {}
    for attachment in attachments:
        url = media_url(attachment.url)
        if not url or url == image or url in kept:
            continue
        kind = attachment.type.strip().lower()
        length = attachment.length if 0 < attachment.length < _MAX_LENGTH else 0
        kept[url] = Attachment(url, kind if _MEDIA_TYPE.match(kind) else "", length)
        if len(kept) == MAX_ATTACHMENTS:
            break
    return tuple(kept.values())


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for raw in tags:
        tag = _SPACES.sub(" ", xml_text(raw)).strip()[:MAX_TAG].strip()
        if tag:
            kept.setdefault(tag.casefold(), tag)
        if len(kept) == MAX_TAGS:
            break
    return tuple(kept.values())
