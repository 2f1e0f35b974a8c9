"""Find a site's feeds from its HTML: `<link rel="alternate">` in the head."""

from __future__ import annotations

from bs4 import BeautifulSoup

from aggregator.parse.urls import join

FEED_TYPES = (
    "application/atom+xml",
    "application/rss+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)


def find_feed_links(html: str, base_url: str) -> list[str]:
    """Absolute feed addresses the page advertises, main feed first.

    Comment feeds come last: WordPress advertises "Comments Feed" next to the posts feed.
    """
    soup = BeautifulSoup(html, "lxml")
    found: list[tuple[bool, str]] = []
    for link in soup.find_all("link", href=True):
        rel = [value.lower() for value in (link.get("rel") or [])]
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        href = join(base_url, str(link["href"]).strip())
        if href is None:
            continue
        is_comments = "comment" in (str(link.get("title") or "") + href).lower()
        if href not in (url for _, url in found):
            found.append((is_comments, href))
    return [url for _, url in sorted(found, key=lambda pair: pair[0])]
