"""Which items the lxml fast path is sure of: the rest go to feedparser.

feedparser reads many elements into the fields we keep (an RSS item's <id>, <updated> or
<summary> written without a namespace, xhtml:body, itunes:summary, media:title, dc:date in an
Atom entry...), each with precedence rules of its own. The fast path reads only the common
shapes; an item holding anything else is handed to feedparser whole, so which parser read a
feed never changes what its items keep (tests/test_feedparser_equivalence.py).
"""

from __future__ import annotations

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
MEDIA = "{http://search.yahoo.com/mrss/}"

# RSS 2.0's own item elements; any other un-namespaced child is something feedparser may read
# as one of ours (<id>, <updated>, <summary>, <fullitem>...).
_RSS_ITEM = frozenset({"title", "link", "description", "author", "category", "comments", "enclosure", "guid"})
_RSS_ITEM |= {"pubDate", "source"}
# Anywhere in an item, these become feedparser's author, summary or title.
_READ_BY_FEEDPARSER = frozenset({f"{ITUNES}author", f"{ITUNES}summary", f"{MEDIA}title", f"{MEDIA}description"})
# ... and these become feedparser's tags (categories are read from `category` only here).
_READ_BY_FEEDPARSER |= {f"{DC}subject", f"{ITUNES}keywords", f"{ITUNES}category", f"{MEDIA}category"}
_READ_BY_FEEDPARSER |= {f"{MEDIA}keywords"}


class UnsureError(Exception):
    """Something the fast path does not handle; feedparser will."""


def check_rss_item(item: etree._Element) -> None:
    """Raise UnsureError unless every child is RSS 2.0's own or in a namespace the fast path
    reads or feedparser ignores for our fields."""
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        if tag.startswith("{"):
            if tag.startswith((ATOM, XHTML)):
                raise UnsureError
        elif tag not in _RSS_ITEM or len(child):  # RSS's own elements hold text: feedparser reads
            raise UnsureError  # a <title> nested in a <category> as the item's title
    _check_descendants(item)


def check_atom_entry(entry: etree._Element) -> None:
    """Raise UnsureError for an entry with un-namespaced, XHTML or Dublin Core children: the
    fast path reads Atom's own elements only, feedparser reads those too."""
    for child in entry:
        tag = child.tag
        if isinstance(tag, str) and (not tag.startswith("{") or tag.startswith((XHTML, DC, DCTERMS))):
            raise UnsureError
    _check_descendants(entry)


def _check_descendants(element: etree._Element) -> None:
    for _ in element.iter(*_READ_BY_FEEDPARSER):
        raise UnsureError
