"""What the public and the staff pages share: the Jinja2 environment, the page's
Content-Security-Policy, the filter script and how a moment is written.

Pages are static files that work offline: no external assets, inline CSS, and a little inline
JavaScript for filtering, allowed by its hash. Every story is in the HTML, so a page reads the
same with JavaScript off. The policy is a second line of defence behind escaping: everything
shown comes from partner sites.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from aggregator.publish.links import safe_url
from aggregator.publish.media_xml import attachment_label, publishable
from aggregator.publish.staff import StoryRow, language_name
from aggregator.publish.views import utc

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
FILTER_SCRIPT = "filter_script.html"  # JavaScript, kept with the templates so it ships with them


def filter_script() -> tuple[Markup, str]:
    """The filter script to inline, and the policy of a page carrying it."""
    script = (TEMPLATE_DIR / FILTER_SCRIPT).read_text(encoding="utf-8")
    return Markup(script), csp(script)  # our own code, never partner content


def csp(script: str | None) -> str:
    """A page's Content-Security-Policy: nothing from outside, only our own inline script."""
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
    env.filters["published_attachments"] = publishable
    env.filters["attachment_label"] = attachment_label
    env.globals["language_name"] = language_name
    return env


def format_when(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return utc(moment).strftime(fmt) if moment else "–"


def language_options(rows: Sequence[StoryRow]) -> list[tuple[str, str, int]]:
    """(code, name, stories) for the language filter, by code."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.language:
            counts[row.language] = counts.get(row.language, 0) + 1
    return [(code, language_name(code), counts[code]) for code in sorted(counts)]


def partner_options(partners: Sequence[tuple[str, str]], rows: Sequence[StoryRow]) -> list[tuple[str, str, int]]:
    """(id, name, stories) for the partner filter, of the (id, name) `partners`, by name."""
    counts: dict[str, int] = {}
    for row in rows:
        for pid in row.partners.split():
            counts[pid] = counts.get(pid, 0) + 1
    listed = sorted(partners, key=lambda partner: partner[1].casefold())
    return [(pid, name, counts.get(pid, 0)) for pid, name in listed]
