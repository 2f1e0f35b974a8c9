"""The staff pages: index.html and one page per partner (Jinja2, templates/).

Static files that work offline: no external assets, inline CSS, and on index.html a little
inline JavaScript for filtering; every story is in the HTML, so the page reads the same with
JavaScript off. A Content-Security-Policy allows only that one script (by its hash), as a second
line of defence behind escaping: everything shown comes from partner sites.

What the pages say is decided in staff.py; this module and the templates only lay it out.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from aggregator.models import SiteInfo, SourceStatus
from aggregator.publish.links import safe_url
from aggregator.publish.staff import (
    Partner,
    StoryRow,
    by_day,
    language_name,
    partner_view,
    story_rows,
)
from aggregator.publish.views import FeedView, utc

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
FILTER_SCRIPT = "filter_script.html"  # JavaScript, kept with the templates so it ships with them


def staff_pages(site: SiteInfo, feeds: Sequence[FeedView], statuses: Sequence[SourceStatus]) -> dict[str, bytes]:
    """index.html and partners/<id>/index.html, by path relative to the output directory."""
    env = template_env()
    by_status = {status.id: status for status in statuses}
    combined = next(feed for feed in feeds if feed.kind == "all")
    partner_feeds = {feed.key: feed for feed in feeds if feed.kind == "partner"}
    shown = [
        partner_view(site, source, by_status.get(source.id), partner_feeds.get(source.id)) for source in site.sources
    ]
    # Failing partners first (otherwise in the configured order): they need someone to act.
    shown.sort(key=lambda p: not ({"failing", "gone"} & set(p.problems)))
    common = {
        "site": site,
        "generated_at": utc(site.generated_at),
        "partners": shown,
        "failing": [p for p in shown if "failing" in p.problems or "gone" in p.problems],
        "quiet": [p for p in shown if "quiet" in p.problems],
        "page_ids": {p.source.id for p in shown if p.feed is not None},
        "partner_names": {p.source.id: p.source.name for p in shown},
    }
    script = (TEMPLATE_DIR / FILTER_SCRIPT).read_text(encoding="utf-8")
    rows = story_rows(combined.stories)
    pages = {
        "index.html": env.get_template("index.html").render(
            **common,
            root="",
            feeds=feeds,
            days=by_day(rows),
            story_count=len(rows),
            language_options=_language_options(rows),
            partner_options=_partner_options(shown, rows),
            script=Markup(script),  # our own code, never partner content
            csp=_csp(script),
        )
    }
    for partner in shown:
        if partner.feed is None:
            continue  # an id unusable as a directory name (views.partners)
        partner_rows = story_rows(partner.feed.stories)
        pages[f"{partner.page}index.html"] = env.get_template("partner.html").render(
            **common,
            root="../../",
            partner=partner,
            days=by_day(partner_rows),
            story_count=len(partner_rows),
            csp=_csp(None),
        )
    return {path: html.encode("utf-8") for path, html in pages.items()}


def _language_options(rows: Sequence[StoryRow]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        if row.language:
            counts[row.language] = counts.get(row.language, 0) + 1
    return [(code, language_name(code), counts[code]) for code in sorted(counts)]


def _partner_options(partners: Sequence[Partner], rows: Sequence[StoryRow]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        for pid in row.partners.split():
            counts[pid] = counts.get(pid, 0) + 1
    listed = sorted((p for p in partners if p.feed is not None), key=lambda p: p.source.name.casefold())
    return [(p.source.id, p.source.name, counts.get(p.source.id, 0)) for p in listed]


def _csp(script: str | None) -> str:
    """The page's Content-Security-Policy: nothing from outside, only our own inline script."""
    if script is None:
        script_src = "'none'"
    else:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        script_src = f"'sha256-{digest}'"
    return (
        f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def template_env() -> jinja2.Environment:
    # Autoescape everything: titles, names and error messages all come from outside.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = format_when
    env.filters["safe_href"] = safe_url
    env.globals["language_name"] = language_name
    return env


def format_when(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return utc(moment).strftime(fmt) if moment else "–"
