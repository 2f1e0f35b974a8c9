"""sources.opml (OPML 2.0): the partners' own feeds, then every feed we publish.

Each public partner source gives its feed (xmlUrl, the address we poll when it is a feed) and its
site (htmlUrl, never the feed), so `aggregator import-opml sources.opml` rebuilds the sources.

No <dateCreated>: a timestamp would make every publish a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from lxml import etree

from aggregator.models import SiteInfo, SourceConfig, SourceStatus
from aggregator.publish.links import safe_url
from aggregator.publish.views import FeedView

FORMATS = (("atom", "Atom"), ("rss", "RSS"), ("json", "JSON Feed"))


def opml(site: SiteInfo, statuses: Sequence[SourceStatus], feeds: Sequence[FeedView]) -> bytes:
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{site.title}: sources and feeds"
    body = etree.SubElement(root, "body")

    by_id = {status.id: status for status in statuses}
    partners = _group(body, "Partner sources")
    for source in site.sources:
        _partner_source(partners, source, by_id.get(source.id))

    ours = _group(body, "Published feeds")
    per_partner = _group(body, "Published feeds per partner")
    for feed in feeds:
        _published_feed(per_partner if feed.kind == "partner" else ours, feed)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _group(parent: etree._Element, title: str) -> etree._Element:
    return etree.SubElement(parent, "outline", text=title, title=title)


def _partner_source(parent: etree._Element, source: SourceConfig, status: SourceStatus | None) -> None:
    outline = etree.SubElement(parent, "outline", text=source.name, title=source.name)
    feed_url = safe_url(partner_feed_url(source, status))
    # type="rss" promises a feed at xmlUrl; a scraped HTML page is not one.
    if feed_url:
        outline.set("type", "rss")
        outline.set("xmlUrl", feed_url)
    if html_url := safe_url(partner_site_url(source, status)):
        outline.set("htmlUrl", html_url)


def polled_url(source: SourceConfig, status: SourceStatus | None) -> str:
    """The address collection fetches: where a permanent redirect led, a feed found on the
    configured page, or the configured address itself."""
    if status is None:
        return source.url
    return getattr(status, "moved_to", None) or status.fetch_url or source.url


def partner_feed_url(source: SourceConfig, status: SourceStatus | None) -> str | None:
    """The partner feed we actually poll, when it is a feed at all."""
    if source.type == "html":
        return None
    polled = polled_url(source, status)
    if polled != source.url or source.type == "feed":
        return polled  # a feed found on the page or moved to, or one configured as a feed
    # `type: auto` polled at its own address: nothing was found to point elsewhere, so the address
    # was read as it is, a feed unless it was scraped as a page. Selectors, a page-like file name
    # or never having read it at all say it may be a page.
    read_once = status is not None and status.last_success_at is not None
    if not read_once or source.select is not None or _looks_like_page(source.url):
        return None
    return source.url


def partner_site_url(source: SourceConfig, status: SourceStatus | None) -> str | None:
    """The partner's site for readers (htmlUrl), never the feed: the configured address's origin
    ("https://host/") when that address is the feed, else the configured page itself (type html,
    a page on which a feed was found, or an address not known to be a feed). The feed's own
    <link> would be better still, but the store keeps no copy of it."""
    if source.type == "feed" or partner_feed_url(source, status) == source.url:
        return _origin(source.url)
    return source.url


def _looks_like_page(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp"))


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme.lower()}://{host}{f':{port}' if port else ''}/"


def _published_feed(parent: etree._Element, feed: FeedView) -> None:
    for kind, label in FORMATS:
        name = f"{feed.title} ({label})"
        outline = etree.SubElement(parent, "outline", text=name, title=name, type="rss")
        outline.set("xmlUrl", feed.url(kind))
        outline.set("htmlUrl", feed.home_page)
        if feed.language:
            outline.set("language", feed.language)
