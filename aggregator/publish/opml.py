"""sources.opml (OPML 2.0): the partners' own feeds, then every feed we publish.

No <dateCreated>: a timestamp would make every publish a change.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    feed_url = safe_url(_partner_feed_url(source, status))
    # type="rss" promises a feed at xmlUrl; a scraped HTML page is not one.
    if feed_url:
        outline.set("type", "rss")
        outline.set("xmlUrl", feed_url)
    if html_url := safe_url(source.url):
        outline.set("htmlUrl", html_url)


def _partner_feed_url(source: SourceConfig, status: SourceStatus | None) -> str | None:
    """The partner feed we actually poll, when it is a feed at all."""
    if source.type == "html":
        return None
    if status is not None:
        # A permanent redirect or a feed found on the partner's page is what is polled now.
        moved_to: str | None = getattr(status, "moved_to", None)
        if moved_to or status.fetch_url:
            return moved_to or status.fetch_url
    # `type: feed` promises the configured address is a feed; for `auto` we only know once a
    # feed was discovered from the page (above).
    return source.url if source.type == "feed" else None


def _published_feed(parent: etree._Element, feed: FeedView) -> None:
    for kind, label in FORMATS:
        name = f"{feed.title} ({label})"
        outline = etree.SubElement(parent, "outline", text=name, title=name, type="rss")
        outline.set("xmlUrl", feed.url(kind))
        outline.set("htmlUrl", feed.home_page)
        if feed.language:
            outline.set("language", feed.language)
