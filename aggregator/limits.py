"""How much one source may bring in one pass, and the cuts made to keep it there.

One partner once sent a 7.6 MB feed of 100,000 items (100,000 stories stored in one pass,
725 MB peak memory) and another a 9.5 MB title, written into every published file. These caps
are the one place such sizes are decided; a cut is reported (`Cuts.note`) and stored as the
source's outcome message, so staff can see a partner was cut short rather than guess.

The caps are far above what real news carries: a title of 500 characters is a paragraph, a
feed carries 10-50 items, a link of 2,000 characters is already longer than some browsers take.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.models import Item, RawEntry
from aggregator.xmltext import xml_text

MAX_ITEMS = 200  # per source and pass: the newest (else the first) are kept
MAX_TITLE = 500  # characters, after cleaning
MAX_AUTHOR = 200
MAX_URL = 2000  # an item whose link is longer is dropped: a cut link leads nowhere
MAX_GUID = 2000  # a longer guid is replaced by its hash, which still identifies the post
# Raw text is cut before any cleaning: only the start of a text reaches a title or an excerpt,
# and cleaning, language detection and date parsing cost grows with the length they are given.
MAX_RAW_TEXT = 100_000
# A post's media (aggregator.media): the first so many are kept, the rest dropped without a note
# (a reader shows a handful of tags and one enclosure; nothing of the story is lost).
MAX_TAGS = 10
MAX_TAG = 50  # characters: a longer "tag" is a sentence, cut
MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class Cuts:
    """What the caps took away from one source's page; all zero when nothing was cut."""

    entries: int = 0  # how many entries the page had
    kept: int = 0  # how many of them were cleaned
    titles: int = 0
    authors: int = 0
    long_links: int = 0

    def __add__(self, other: Cuts) -> Cuts:
        return Cuts(
            self.entries + other.entries,
            self.kept + other.kept,
            self.titles + other.titles,
            self.authors + other.authors,
            self.long_links + other.long_links,
        )

    @property
    def note(self) -> str | None:
        """The cuts in words, for the source's stored outcome; None when nothing was cut."""
        parts = []
        if self.kept < self.entries:
            parts.append(f"kept the newest {self.kept} of {self.entries} items (cap {MAX_ITEMS})")
        if self.titles:
            parts.append(f"{self.titles} titles cut to {MAX_TITLE} characters")
        if self.authors:
            parts.append(f"{self.authors} authors cut to {MAX_AUTHOR} characters")
        if self.long_links:
            parts.append(f"{self.long_links} items dropped for a link over {MAX_URL} characters")
        return "; ".join(parts) or None


def newest_entries(entries: Sequence[RawEntry]) -> tuple[tuple[RawEntry, ...], Cuts]:
    """At most MAX_ITEMS entries, in page order: the newest when every entry is dated, else the
    first (feeds and news pages list their newest first)."""
    if len(entries) <= MAX_ITEMS:
        return tuple(entries), Cuts(entries=len(entries), kept=len(entries))
    if all(entry.published for entry in entries):
        order = sorted(range(len(entries)), key=lambda index: entries[index].published, reverse=True)  # type: ignore[arg-type,return-value]
        chosen = sorted(order[:MAX_ITEMS])
    else:
        chosen = list(range(MAX_ITEMS))
    return tuple(entries[index] for index in chosen), Cuts(entries=len(entries), kept=MAX_ITEMS)


def bounded_entry(entry: RawEntry) -> RawEntry:
    """The entry with every raw text cut to MAX_RAW_TEXT characters, before any cleaning."""
    changes = {
        field.name: value[:MAX_RAW_TEXT]
        for field in dataclasses.fields(entry)
        if isinstance(value := getattr(entry, field.name), str) and len(value) > MAX_RAW_TEXT
    }
    return dataclasses.replace(entry, **changes) if changes else entry


def fit_item(item: Item) -> tuple[Item | None, Cuts]:
    """The item as it may be stored: every text field reduced to what XML can carry, and cut to
    its cap. None when its link is too long to keep."""
    url = xml_text(item.url)
    if len(url) > MAX_URL:
        return None, Cuts(long_links=1)
    full_title = xml_text(item.title)
    title = _cut(full_title, MAX_TITLE)
    full_author = xml_text(item.author) if item.author else item.author
    author = _cut(full_author, MAX_AUTHOR) if full_author else full_author
    guid = xml_text(item.guid)
    if len(guid) > MAX_GUID:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    fitted = dataclasses.replace(
        item,
        url=url,
        guid=guid,
        title=title,
        summary=xml_text(item.summary),
        author=author,
        raw_title=_cut(xml_text(item.raw_title), MAX_TITLE) if item.raw_title else item.raw_title,
        language=xml_text(item.language) if item.language else item.language,
    )
    cut_author = bool(full_author and author and len(author) < len(full_author))
    return fitted, Cuts(titles=int(len(title) < len(full_title)), authors=int(cut_author))


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut at the last space of the allowed part when there
    is one, ending in "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"
