"""The date an empty feed keeps: the time it was first published empty, read back from the file.

A feed with no story, of a partner that never gave one we know of, has no date in the content
(views.py). Dating it "now" on every publish would change its bytes every time, and dating it by
the rest of the collection would change them with every other partner's news, though nothing in
it changed. So the first publish dates it with the generation time (the time it appeared, empty,
which is true), and each later publish keeps the date the published Atom file already carries,
for as long as the feed stays empty.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from aggregator.publish.views import FeedView, utc

ATOM = "{http://www.w3.org/2005/Atom}"
# Feeds published before this rule said 1970-01-01; such a date is not kept but replaced.
PLAUSIBLE_SINCE = datetime(1995, 1, 1, tzinfo=UTC)
# The published file is our own, but the folder may have been edited: read it without entities
# or network, and at most this much of it (an empty feed is under 2 kB).
MAX_BYTES = 64 * 1024


def keep_empty_dates(feeds: list[FeedView], output_dir: Path, published: Set[str]) -> list[FeedView]:
    """`feeds`, each empty one without a date from the content given the date its published Atom
    file (a name in `published`, the last manifest) carries, when it was empty then too."""
    return [_kept(feed, output_dir, published) for feed in feeds]


def _kept(feed: FeedView, output_dir: Path, published: Set[str]) -> FeedView:
    if feed.stories or feed.updated_when_empty is not None or feed.path("atom") not in published:
        return feed
    earlier = _empty_feed_date(output_dir / feed.path("atom"))
    # Never later than this publish: a date from a clock that ran ahead is not kept either.
    if earlier is None or not PLAUSIBLE_SINCE <= earlier <= utc(feed.site.generated_at):
        return feed
    return replace(feed, updated_when_empty=earlier)


def _empty_feed_date(path: Path) -> datetime | None:
    """The <updated> of the Atom feed in `path` if it holds no entry; None if it does, or if
    the file is missing, too large or not such a feed."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(data, parser)
        if root.tag != f"{ATOM}feed" or root.find(f"{ATOM}entry") is not None:
            return None
        moment = datetime.fromisoformat((root.findtext(f"{ATOM}updated") or "").strip())
    except (OSError, ValueError, etree.XMLSyntaxError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None
