"""Read an OPML subscription list (Miniflux, FreshRSS, newsboat, Feedly, ...) into plain records (pure).

The file comes from elsewhere and is not trusted: it is parsed by defusedxml, which refuses entity
declarations (the "billion laughs" bomb and its kin) and external references, and every value read
is cleaned of control characters and cut to a sane length before anyone sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from aggregator.errors import AggregatorError

__all__ = ["MAX_OPML_BYTES", "OpmlError", "OpmlFeed", "read_opml"]

MAX_OPML_BYTES = 20_000_000  # a subscription list of 100,000 feeds is ~15 MB
MAX_TEXT = 200  # a title longer than this is not a name anyone reads
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class OpmlError(AggregatorError):
    """The file cannot be read as OPML; the message says why, in one line."""


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription as the list wrote it, cleaned: its feed address, what it was called, and
    the folders (categories) it sat in, outermost first."""

    xml_url: str
    title: str | None
    html_url: str | None = None
    language: str | None = None
    categories: tuple[str, ...] = ()


def read_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline that names a feed (`xmlUrl`), in document order, however deeply nested.

    Raises:
        OpmlError: too large, not XML, refused as hostile (entities, external references), or
            not an OPML document.
    """
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"the file is larger than {MAX_OPML_BYTES // 1_000_000} MB; no subscription list is")
    try:
        root = safe_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise OpmlError(f"refused: the file declares XML entities or external references ({error})") from error
    except ParseError as error:
        raise OpmlError(f"not readable as XML: {error}") from error
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{_clean(_local(root.tag))}>, not <opml>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: it has no <body>")
    return list(_feeds(body))


def _feeds(body: Element) -> list[OpmlFeed]:
    found: list[OpmlFeed] = []
    # A walk with its own stack: a hostile file may nest outlines deeper than Python's recursion.
    stack: list[tuple[Element, tuple[str, ...]]] = [(child, ()) for child in reversed(body)]
    while stack:
        element, categories = stack.pop()
        if _local(element.tag) != "outline":
            continue
        attributes = _attributes(element)
        title = _clean(attributes.get("title") or attributes.get("text") or "") or None
        xml_url = _clean(attributes.get("xmlurl", ""), limit=None)  # never cut: a cut address is another one
        if xml_url:
            found.append(
                OpmlFeed(
                    xml_url=xml_url,
                    title=title,
                    html_url=_clean(attributes.get("htmlurl", ""), limit=None) or None,
                    language=_clean(attributes.get("language", ""), limit=20) or None,
                    categories=categories,
                )
            )
        inner = (*categories, title) if title and not xml_url else categories
        stack.extend((child, inner) for child in reversed(element))
    return found


def _attributes(element: Element) -> dict[str, str]:
    """Attribute names without namespace and case (`xmlUrl`, `xmlurl` and `XMLURL` are seen in the
    wild); the first spelling wins."""
    attributes: dict[str, str] = {}
    for name, value in element.attrib.items():
        attributes.setdefault(_local(name).lower(), value)
    return attributes


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""  # comments and processing instructions have no str tag
    return text.rsplit("}", 1)[-1]


def _clean(text: str, limit: int | None = MAX_TEXT) -> str:
    """One line of printable text: controls and invisible direction marks dropped, runs of white
    space made one space, cut at `limit` characters."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"
