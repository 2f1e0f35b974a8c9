"""The staff pages, written into the staff folder: index.html and one page per configured source.

Everything the public pages leave out is here: partners' activity and health, and what is kept
out of the public files and why (a badge on each such story, the hidden stories by reason,
withdrawals with the story id to restore, monitor-only and removed partners). The staff folder
is served under /staff/ and may be opened as files, so links to the public feeds are absolute
(on site.link); links between staff pages are relative.

What the pages say is decided in staff.py and kept_out.py; this module and the templates only
lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aggregator.models import HiddenStory, SiteInfo, SourceStatus, Story, Visibility
from aggregator.publish.html import csp, filter_script, language_options, partner_options, template_env
from aggregator.publish.kept_out import (
    hidden_by_id,
    kept_out_groups,
    removed_sources,
    staff_stories,
    withdrawn_entries,
)
from aggregator.publish.staff import (
    Partner,
    StoryRow,
    by_day,
    partner_groups,
    partner_view,
    quiet_partners,
    story_rows,
)
from aggregator.publish.views import PARTNER_ID, FeedView, absolute, newest_first, partner_ids, utc


def staff_pages(
    site: SiteInfo, public_feeds: Sequence[FeedView], visibility: Visibility, statuses: Sequence[SourceStatus]
) -> dict[str, bytes]:
    """index.html and partners/<id>/index.html, by path relative to the staff folder.

    `site` names every configured source; `public_feeds` are the feeds of the public set."""
    env = template_env()
    by_status = {status.id: status for status in statuses}
    combined = next(feed for feed in public_feeds if feed.kind == "all")
    partner_feeds = {feed.key: feed for feed in public_feeds if feed.kind == "partner"}
    hidden_stories = [entry.story for entry in visibility.hidden]
    shown = [
        partner_view(
            site,
            source,
            by_status.get(source.id),
            partner_feeds.get(source.id) if source.publish else None,
            [s for s in hidden_stories if s.source.id == source.id],
            has_page=bool(PARTNER_ID.fullmatch(source.id)),
        )
        for source in site.sources
    ]
    groups = partner_groups(shown)
    shown = [partner for group in groups for partner in group.members]
    group_of = {partner.source.id: group for group in groups for partner in group.members}
    common = {
        "site": site,
        "generated_at": utc(site.generated_at),
        "partners": shown,
        "groups": groups,
        "failing": [p for p in shown if "failing" in p.problems or "gone" in p.problems],
        "quiet": quiet_partners(groups),
        "monitor_only": [p for p in shown if p.monitor_only],
        "paused": [p for p in shown if p.paused],
        "page_ids": {p.source.id for p in shown if p.has_page},
        "partner_names": {p.source.id: p.source.name for p in shown},
        "public_feeds": public_feeds,
        "opml_url": absolute(site, "sources.opml"),
    }
    script, script_csp = filter_script()
    rows = staff_stories(combined.stories, visibility)
    groups = kept_out_groups(visibility)
    pages = {}
    hidden = hidden_by_id(visibility)
    for partner in shown:
        if not partner.has_page:
            continue
        partner_rows = _partner_rows(partner, hidden_stories, hidden)
        pages[f"{partner.page}index.html"] = env.get_template("staff_partner.html").render(
            **common,
            root="../../",
            partner=partner,
            group=group_of[partner.source.id],
            days=by_day(partner_rows),
            story_count=len(partner_rows),
            hidden_count=sum(1 for row in partner_rows if row.hidden),
            csp=csp(None),
        )
    # index.html last: a reader of its mtime must not see a publish as done before the rest.
    pages["index.html"] = env.get_template("staff_index.html").render(
        **common,
        root="",
        days=by_day(rows),
        story_count=len(rows),
        public_count=sum(1 for row in rows if not row.hidden),
        kept_out=groups,
        kept_out_count=sum(len(group.rows) for group in groups),
        withdrawn=withdrawn_entries(visibility),
        removed=removed_sources(visibility),
        language_options=language_options(rows),
        partner_options=partner_options([(p.source.id, p.source.name) for p in shown if p.has_page], rows),
        script=script,
        csp=script_csp,
    )
    return {path: html.encode("utf-8") for path, html in pages.items()}


def _partner_rows(
    partner: Partner, hidden_stories: Sequence[Story], hidden: Mapping[str, HiddenStory]
) -> list[StoryRow]:
    """What the partner published, public or not: its public feed's stories and every hidden
    story naming it (as main source or also published by)."""
    public = partner.feed.stories if partner.feed else []
    mine = [story for story in hidden_stories if partner.source.id in partner_ids(story)]
    return story_rows(newest_first([*public, *mine]), hidden)
