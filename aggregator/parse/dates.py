"""Which of a feed item's dates is its publication date: one rule for every parser.

Feeds state an item's dates under many names (RSS pubDate, dc:date, dcterms:issued/created/
modified, Atom published/updated, Atom 0.3 issued/created/modified). Both parsers sort them
into the three kinds feedparser uses, and `item_dates` decides from those, so whether an item
keeps a date never depends on which parser read it:

- published: pubDate, dcterms:issued, Atom published (0.3: issued);
- created: dcterms:created (Atom 0.3: created);
- updated: dc:date, dcterms:modified, Atom updated (0.3: modified). feedparser files dc:date
  here; RSS 1.0 feeds date every item with it, and it says when the item was published.

The publication date is the first kind that has a date: published, else created, else updated.
An Atom entry with only <updated> (reddit, many generators) has no better date than that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class Stamp:
    """One kind of date as the feed wrote it and as read (None: absent or not readable)."""

    text: str | None = None
    when: datetime | None = None


@dataclass(frozen=True)
class ItemDates:
    published: datetime | None
    updated: datetime | None
    published_text: str | None  # read later in the source's languages when `published` is None


def item_dates(published: Stamp, created: Stamp, updated: Stamp) -> ItemDates:
    """The publication date is the first kind read; when none could be read, the first kind
    written is passed on as text for clean.py's language-aware reading."""
    kinds = (published, created, updated)
    chosen = next((kind for kind in kinds if kind.when), None) or next((kind for kind in kinds if kind.text), Stamp())
    return ItemDates(published=chosen.when, updated=updated.when, published_text=chosen.text)


def read_date(text: str | None) -> datetime | None:
    """An RSS (RFC 822) or Atom/W3C (RFC 3339) date, in UTC; either kind may turn up under any
    element name (dc:date in RFC 822 is common). None when it is neither."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    # To the second, as feedparser reads dates: an item is dated alike by either parser.
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
