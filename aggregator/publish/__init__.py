"""Publish stage: turn what the public may see, and what staff see beside it, into static files.

Two sets, each written as a whole (`files.write_set`) with its own manifest:

The public set, under `output_dir`, only ever from `Visibility.public` and the sources with
`publish: true` (checked once more in `public_only`):
    feed.atom, feed.rss, feed.json              latest stories, all languages and partners
    <lang>/feed.atom, .rss, .json               latest stories of one language
    partners/<id>/feed.atom, .rss, .json        latest stories a partner published (as the main
                                                source or also: see views.feed_views)
    sources.opml                                publishing partners' sources and all our feeds
    index.html                                  reading page: the stories, filterable, and feeds
    partners/<id>/index.html                    reading page of one partner (its feed's home)

The staff set, under `staff_dir` (served under /staff/), written after the public one:
    index.html                                  partners' activity and health, every story with
                                                what is kept out of the public files and why,
                                                withdrawals, monitor-only and removed partners
    partners/<id>/index.html                    one per configured source

Public files depend only on their input, never on the clock, so unchanged content gives
byte-identical files and HTTP caches keep answering 304. (One exception: an empty feed with no
date in the content is dated when first published and keeps that date; see `empty_dates`.) The
staff pages say when they were generated, so they change on every publish (the staff
index.html's mtime is the time of the last publish). Files are only replaced when their bytes
change, and each set at once: every changed file is written beside the old set first, and only
then switched in, so a web server never serves half a file or a mix of two publishes, and a full
disk leaves the old set whole. `.published.json` (the manifest) names every file of its set;
files only an earlier manifest named are deleted after the switch.

Modules: `xml_safe` (text XML can carry, on the way in), `public_only` (what may go public),
`views` (which stories go where), `empty_dates` (the date an empty feed keeps), `xml_feeds`
(Atom, RSS), `json_feed`, `opml`, `html` (what the pages share), `public_pages`, and for staff
`staff` and `kept_out` (what the staff pages say) and `staff_pages`; `links` (which addresses
become links), `files` (the switch), `manifest`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aggregator.models import SiteInfo, SourceStatus, Visibility
from aggregator.publish.empty_dates import keep_empty_dates
from aggregator.publish.files import PublishError, write_set
from aggregator.publish.json_feed import json_feed
from aggregator.publish.manifest import read_manifest
from aggregator.publish.opml import opml
from aggregator.publish.public_only import public_input
from aggregator.publish.public_pages import public_pages
from aggregator.publish.staff_pages import staff_pages
from aggregator.publish.views import feed_views
from aggregator.publish.xml_feeds import atom, rss
from aggregator.publish.xml_safe import xml_safe

__all__ = ["PublishError", "publish"]


def publish(
    output_dir: Path,
    staff_dir: Path,
    site: SiteInfo,
    visibility: Visibility,
    statuses: Sequence[SourceStatus],
    *,
    max_items: int = 100,
) -> list[Path]:
    """Write the public set into `output_dir`, then the staff set into `staff_dir`; return the
    paths whose bytes changed (public ones first).

    Args:
        output_dir: where the public files go; created if missing.
        staff_dir: where the staff pages go; created if missing. Neither folder may hold the other.
        site: title, public base URL, generation time (shown only on the staff pages), every
            configured source (monitor-only ones too), WebSub hub, quiet_days.
        visibility: the stories the public may see, as they may be republished, and what is
            kept out and why (aggregator.visibility.decide). Stories in any order, duplicates
            allowed (same id = same story).
        statuses: one per configured source, for the staff pages and sources.opml.
        max_items: how many stories each feed (combined, per language, per partner) keeps.

    Returns:
        The paths rewritten, in write order (each set's manifest last, when it changed); files
        whose bytes did not change are left untouched.

    Raises:
        ValueError: if max_items < 1, or one folder is the other or inside it.
        PublishError: if a set cannot be written (a full disk, a read-only folder); that set's
            previous files are then left as they were. The public set is written first: when
            only the staff set fails, the new public set stays published and the error says
            it was the staff folder.
    """
    if max_items < 1:
        raise ValueError(f"max_items must be at least 1, got {max_items}")
    _check_apart(output_dir, staff_dir)
    # The one place partner text is made writable: the writers below trust every string.
    site, visibility, statuses = xml_safe(site), xml_safe(visibility), [xml_safe(s) for s in statuses]
    public = public_input(site, visibility, statuses)
    # An empty feed without a date in the content keeps the one it was first published with.
    views = feed_views(public.site, public.stories, max_items, public.statuses)
    feeds = keep_empty_dates(views, output_dir, read_manifest(output_dir))

    outputs: dict[str, bytes] = {}
    for feed in feeds:
        outputs[feed.path("atom")] = atom(feed)
        outputs[feed.path("rss")] = rss(feed)
        outputs[feed.path("json")] = json_feed(feed)
    outputs["sources.opml"] = opml(public.site, public.statuses, feeds)
    outputs.update(public_pages(public.site, feeds, public.statuses))
    changed = write_set(output_dir, outputs)
    # The staff set lists every configured source; its links to public feeds are those above.
    return changed + write_set(staff_dir, staff_pages(site, feeds, visibility, statuses))


def _check_apart(output_dir: Path, staff_dir: Path) -> None:
    # Staff pages inside the public folder would be a step from being served to anyone; the
    # public folder inside the staff one would have each set's cleanup judge the other's files.
    public, staff = output_dir.resolve(), staff_dir.resolve()
    if public == staff or public.is_relative_to(staff) or staff.is_relative_to(public):
        raise ValueError(f"the staff folder {staff_dir} and the public folder {output_dir} must be apart")
