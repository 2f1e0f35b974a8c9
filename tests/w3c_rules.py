"""Rules of the W3C Feed Validation Service (validator.w3.org/feed) that our feeds once broke.

Its warnings go beyond what the Atom schema and the RSS 2.0 text state, and readers show what
they catch: an atom:source without <updated> ("Missing source element"), a 1970 date on a
feed with no story ("Implausible date"), a blank summary ("should not be blank"), an Atom entry
with no text at all ("Missing textual content"). test_feed_validity applies them to every
published Atom and RSS file; each function returns the problems it finds, as sentences.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree

A = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
# The validator calls a date before 1990 or after tomorrow implausible; readers show such a date
# as it is ("1 Jan 1970"). Nothing we publish is older than the web's first news feeds.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def atom_w3c_problems(feed: etree._Element) -> list[str]:
    problems = []
    # RFC 4287 4.2.11: a source keeps its feed's metadata; the validator wants id, title and
    # updated in every one.
    for source in feed.iter(f"{A}source"):
        for name in ("id", "title", "updated"):
            if not (source.findtext(f"{A}{name}") or "").strip():
                problems.append(f"atom:source of {source.getparent().findtext(f'{A}id')} has no {name}")
    problems += blank_elements(feed, (f"{A}title", f"{A}summary", f"{A}content", f"{A}subtitle", f"{A}name"))
    # Readers show an entry's summary or content as its text.
    problems += [
        f"{entry.findtext(f'{A}id')}: no summary nor content"
        for entry in feed.iter(f"{A}entry")
        if entry.find(f"{A}summary") is None and entry.find(f"{A}content") is None
    ]
    return problems


def rss_w3c_problems(channel: etree._Element) -> list[str]:
    return blank_elements(channel, ("title", "description", "source", f"{DC}creator"))


def blank_elements(root: etree._Element, tags: tuple[str, ...]) -> list[str]:
    """Text elements present but empty: readers show a blank line; an element with nothing to
    say is left out."""
    return [
        f"blank <{etree.QName(e).localname}> at line {e.sourceline}"
        for e in root.iter(*tags)
        if not (e.text or "").strip()
    ]


def date_problems(path: Path) -> list[str]:
    """Every date in an Atom or RSS file (entries, sources, the feed itself) must be plausible."""
    root = etree.parse(str(path)).getroot()
    latest = datetime.now(UTC) + timedelta(days=1)
    problems = []
    for element in root.iter(f"{A}updated", f"{A}published", "pubDate", "lastBuildDate"):
        text = (element.text or "").strip()
        try:
            moment = datetime.fromisoformat(text) if element.tag.startswith("{") else parsedate_to_datetime(text)
        except ValueError:
            continue  # the format checks (schema, RFC 822) report it
        if not EARLIEST <= moment <= latest:
            where = f"<{etree.QName(element).localname}> at line {element.sourceline}"
            problems.append(f"implausible date {text!r} in {where}")
    return problems
