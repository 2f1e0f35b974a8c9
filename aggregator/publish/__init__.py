"""Publish stage: turn stored stories and source statuses into the static files we serve.

Output, all under `output_dir`:
    feed.atom, feed.rss, feed.json              latest stories, all languages and partners
    <lang>/feed.atom, .rss, .json               latest stories of one language
    partners/<id>/feed.atom, .rss, .json        latest stories a partner published (as the main
                                                source or also: see views.feed_views)
    sources.opml                                partner sources and all our own feeds
    index.html                                  staff page: stories (filterable), partners'
                                                activity and health
    partners/<id>/index.html                    staff page of one partner

Feeds and OPML depend only on their input, never on the clock, so unchanged content gives
byte-identical files and HTTP caches keep answering 304. (One exception: an empty feed with no
date in the content is dated when first published and keeps that date; see `empty_dates`.) The
staff pages say when they were generated, so they change on every publish (index.html's mtime
is the time of the last publish). Files are only replaced when their bytes change, and the
whole set at once: every changed file is written beside the old set first, and only then
switched in, so a web server never serves half a file or a mix of two publishes, and a full
disk leaves the old set whole.
`.published.json` (the manifest) names every file of the set; files only an earlier manifest
named are deleted after the switch.

Modules: `xml_safe` (text XML can carry, on the way in), `views` (which stories go where),
`empty_dates` (the date an empty feed keeps), `xml_feeds` (Atom, RSS), `json_feed`, `opml`,
`pages` and `staff` (HTML), `links` (which addresses become links), `files` (the switch),
`manifest`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aggregator.models import SiteInfo, SourceStatus, Story
from aggregator.publish.empty_dates import keep_empty_dates
from aggregator.publish.files import PublishError, write_set
from aggregator.publish.json_feed import json_feed
from aggregator.publish.manifest import read_manifest
from aggregator.publish.opml import opml
from aggregator.publish.pages import staff_pages
from aggregator.publish.views import feed_views
from aggregator.publish.xml_feeds import atom, rss
from aggregator.publish.xml_safe import xml_safe

__all__ = ["PublishError", "publish"]


def publish(
    output_dir: Path,
    site: SiteInfo,
    stories: Sequence[Story],
    statuses: Sequence[SourceStatus],
    *,
    max_items: int = 100,
) -> list[Path]:
    """Write every output file; return the paths whose bytes changed.

    Args:
        output_dir: where the files go; created if missing.
        site: title, public base URL, generation time (shown only on the HTML pages), sources
            (each gets a feed and a page), WebSub hub, quiet_days.
        stories: candidates in any order, duplicates allowed (same id = same story).
        statuses: one per source, for the pages and the polled addresses in sources.opml.
        max_items: how many stories each feed (combined, per language, per partner) keeps.

    Returns:
        The paths rewritten, in write order (the manifest last, when it changed); files whose
        bytes did not change are left untouched.

    Raises:
        ValueError: if max_items < 1.
        PublishError: if the files cannot be written (a full disk, a read-only folder); the
            previously published files are then left as they were.
    """
    if max_items < 1:
        raise ValueError(f"max_items must be at least 1, got {max_items}")
    # The one place partner text is made writable: the writers below trust every string.
    site, stories, statuses = xml_safe(site), [xml_safe(s) for s in stories], [xml_safe(s) for s in statuses]
    # An empty feed without a date in the content keeps the one it was first published with.
    feeds = keep_empty_dates(feed_views(site, stories, max_items, statuses), output_dir, read_manifest(output_dir))

    outputs: dict[str, bytes] = {}
    for feed in feeds:
        outputs[feed.path("atom")] = atom(feed)
        outputs[feed.path("rss")] = rss(feed)
        outputs[feed.path("json")] = json_feed(feed)
    outputs["sources.opml"] = opml(site, statuses, feeds)
    # index.html last: it is rewritten on every publish, and a reader of its mtime (a monitor
    # check) must not see a publish as done before the feeds are.
    pages = staff_pages(site, feeds, statuses)
    outputs.update(sorted(pages.items(), key=lambda item: item[0] == "index.html"))
    return write_set(output_dir, outputs)
