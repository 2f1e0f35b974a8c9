"""The public reading pages, written with the public feeds: index.html and one page per
publishing partner (the home page its feed names).

Only what a reader needs: the stories (title linking to the partner's post, partner, language,
date, excerpt, who else published it), a filter by language and partner, and our feeds. Nothing
about fetching or partners' health, and only what `public_only` let through. The pages depend
on their input only, never on the clock, so an unchanged set gives byte-identical pages too.
"""

from __future__ import annotations

from collections.abc import Sequence

from aggregator.models import SiteInfo, SourceStatus
from aggregator.publish.html import csp, filter_script, language_options, partner_options, template_env
from aggregator.publish.links import safe_url
from aggregator.publish.opml import partner_site_url
from aggregator.publish.partner_groups import group_partners
from aggregator.publish.staff import by_day, story_rows
from aggregator.publish.views import FeedView


def public_pages(site: SiteInfo, feeds: Sequence[FeedView], statuses: Sequence[SourceStatus] = ()) -> dict[str, bytes]:
    """index.html and partners/<id>/index.html, by path relative to the public folder.

    `site.sources` must hold only the sources that publish; `feeds` are their feeds; `statuses`
    tell a partner's site from its feed address (sources.opml's htmlUrl)."""
    env = template_env()
    combined = next(feed for feed in feeds if feed.kind == "all")
    partner_feeds = [feed for feed in feeds if feed.kind == "partner"]
    names = {source.id: source.name for source in site.sources}
    by_id = {status.id: status for status in statuses}
    sites = {source.id: safe_url(partner_site_url(source, by_id.get(source.id))) for source in site.sources}
    configured = {source.id: source for source in site.sources}
    # One organisation's sources listed under its name (sources.yaml `partner:`); a feed each.
    groups = group_partners(partner_feeds, lambda feed: configured[feed.key])
    group_of = {feed.key: group for group in groups for feed in group.members}
    common = {
        "site": site,
        "feeds": feeds,
        "partner_feeds": partner_feeds,
        "partner_names": names,
        "partner_sites": sites,
        "page_ids": {feed.key for feed in partner_feeds},
        "partner_groups": groups,
    }
    script, script_csp = filter_script()
    rows = story_rows(combined.stories)
    pages = {}
    for feed in partner_feeds:
        partner_rows = story_rows(feed.stories)
        pages[f"{feed.directory}index.html"] = env.get_template("public_partner.html").render(
            **common,
            root="../../",
            feed=feed,
            name=names[feed.key],
            group=group_of[feed.key],
            partner_site=sites[feed.key],
            days=by_day(partner_rows),
            story_count=len(partner_rows),
            csp=csp(None),
        )
    pages["index.html"] = env.get_template("public_index.html").render(
        **common,
        root="",
        feed=combined,
        days=by_day(rows),
        story_count=len(rows),
        language_options=language_options(rows),
        partner_options=partner_options([(feed.key, names[feed.key]) for feed in partner_feeds], rows),
        script=script,
        csp=script_csp,
    )
    return {path: html.encode("utf-8") for path, html in pages.items()}
