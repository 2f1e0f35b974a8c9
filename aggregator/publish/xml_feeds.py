"""Atom 1.0 (RFC 4287) and RSS 2.0 documents of one feed, made with feedgen.

feedgen covers most of both formats; two small extensions add what it cannot express: per entry
xml:lang, a complete atom:source and an RSS <source>, the story's media (publish/media_xml.py),
and per feed the WebSub hub link in RSS.

Text is text in both, but each format says so its own way. Atom marks its text constructs as
text (type="text", the default). RSS cannot: readers take <description> as HTML, most take
<title> and many <dc:creator> as HTML too, so a partner's excerpt holding the characters
"<img src=x onerror=...>" would come out as a live image tag. Every text in our RSS is therefore
HTML: the plain text HTML-escaped (and then escaped again by XML serialisation), which readers
that take it as HTML show as the original characters.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from aggregator.models import Story
from aggregator.publish.links import safe_url
from aggregator.publish.media_xml import MediaNamespace, add_atom_media, add_rss_media
from aggregator.publish.views import FeedView, feed_moment, language_key, rfc3339

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
UNTITLED = "(no title)"

# How a plain text is written into one format: as it is (Atom), or as the HTML showing it (RSS).
TextForm = Callable[[str], str]


def atom(feed: FeedView) -> bytes:
    return _feedgen(feed, feed.url("atom"), ATOM_TYPE, str).atom_str(pretty=True)


def rss(feed: FeedView) -> bytes:
    return _feedgen(feed, feed.url("rss"), RSS_TYPE, html.escape).rss_str(pretty=True)


def _feedgen(feed: FeedView, self_url: str, self_type: str, text: TextForm) -> FeedGenerator:
    fg = FeedGenerator()
    # dc:creator/dc:language only in RSS: Atom has <author> and xml:lang for the same facts.
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed.feed_id)
    fg.title(text(feed.title or feed.home_page))  # feedgen refuses an empty title
    fg.description(text(feed.description))  # Atom <subtitle>, RSS <description>
    # RFC 4287 4.1.1: a feed needs an author unless every entry has one. The aggregator compiled
    # the feed; entries with a known author say so themselves (RSS ignores authors without email).
    fg.author(name=feed.site.title, uri=feed.site.link)
    fg.link(href=self_url, rel="self", type=self_type)
    if feed.site.websub_hub:
        # WebSub 4: the hub is advertised next to rel=self. feedgen writes it in Atom; RSS below.
        # Before the alternate link: feedgen makes the last link not rel=self the RSS <link>.
        fg.link(href=feed.site.websub_hub, rel="hub")
        fg.register_extension("hub", _HubExtension, atom=False, rss=True)
        fg.hub.hub_url = feed.site.websub_hub
    fg.link(href=feed.home_page, rel="alternate", type="text/html")  # also the RSS <link>
    if feed.language:
        fg.language(feed.language)
    fg.updated(feed.updated)  # also RSS lastBuildDate, which feedgen would otherwise set to now
    if any(story.image for story in feed.stories):
        fg.register_extension("media", MediaNamespace, atom=True, rss=True)
    for story in feed.stories:
        _add_entry(fg, feed, story, text)
    return fg


def _add_entry(fg: FeedGenerator, feed: FeedView, story: Story, text: TextForm) -> None:
    fe = fg.add_entry(order="append")  # feedgen prepends by default
    fe.id(story.id)  # also RSS guid, isPermaLink="false": a urn:uuid is no address to visit
    fe.title(text(story.title or story.url or UNTITLED))  # feedgen refuses an empty title
    # Atom wants an alternate link on every entry without content; when the story's own address
    # is no web address, the partner's site (or our page) is the next best place to read it.
    fe.link(href=safe_url(story.url) or safe_url(story.source.url) or feed.home_page, rel="alternate")
    if story.summary.strip():  # a blank summary is a blank line in readers: say nothing instead
        fe.summary(text(story.summary), type="text")  # also RSS description
    fe.published(feed_moment(story.published, story.date_is_first_seen))  # also RSS pubDate (RFC 822)
    fe.updated(feed_moment(story.updated))
    if story.author:
        fe.author(name=story.author)  # RSS <author> needs an email, so feedgen skips it there
        fe.dc.dc_creator(text(story.author))
    if language := language_key(story):  # only a language code, never whatever a partner wrote
        fe.dc.dc_language(language)
    fe.register_extension("partner", _PartnerEntryExtension)
    fe.partner.story = story
    fe.partner.text = text
    fe.partner.updated = feed.partner_updated[story.source.id]


class _HubExtension(BaseExtension):
    """RSS has no hub element: WebSub uses an atom:link rel="hub" in the channel."""

    def __init__(self) -> None:
        self.hub_url: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def extend_rss(self, rss_feed: etree._Element) -> etree._Element:
        channel = rss_feed.find("channel")
        if self.hub_url and channel is not None:
            hub = etree.Element(f"{{{ATOM_NS}}}link", href=self.hub_url, rel="hub")
            self_link = channel.find(f"{{{ATOM_NS}}}link")
            if self_link is not None:
                self_link.addnext(hub)
            else:
                channel.append(hub)
        return rss_feed


class _PartnerEntryExtension(BaseEntryExtension):
    """What feedgen cannot express per entry: xml:lang, a full atom:source (id, title, updated),
    and an RSS <source> (feedgen's own `source()` writes an atom:source without <id>, so we skip
    it)."""

    def __init__(self) -> None:
        self.story: Story | None = None
        self.text: TextForm = str
        self.updated: datetime | None = None  # the partner feed's date, for atom:source

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        assert self.story is not None
        if language := language_key(self.story):
            entry.set(XML_LANG, language)
        if entry.find("summary") is None:
            # A story without an excerpt: RSS is fine with a title alone, but Atom readers show
            # the summary (or content) as the entry's text, and the W3C validator warns when
            # there is neither ("Missing textual content"). The title is all the text it has.
            etree.SubElement(entry, "summary", type="text").text = entry.findtext("title")
        # feedgen 1.0 drops rel on entry links (a shadowed variable); say "alternate" explicitly.
        for link in entry.findall("link"):
            link.set("rel", link.get("rel", "alternate"))
        add_atom_media(entry, self.story)
        partner = self.story.source
        partner_url = safe_url(partner.url)
        source = etree.SubElement(entry, "source")  # unqualified, like feedgen's own elements
        if partner_url:
            # atom:id must be an IRI; the partner's site address is the one we have.
            etree.SubElement(source, "id").text = partner_url
        etree.SubElement(source, "title").text = partner.name or partner.id
        # RFC 4287 4.2.11 keeps the source feed's updated with the rest of its metadata, and
        # the W3C validator asks for it. The newest of the partner's stories in this feed: a
        # true date for its feed, and one that changes only when this feed's stories do.
        if self.updated is not None:
            etree.SubElement(source, "updated").text = rfc3339(self.updated)
        if partner_url:
            etree.SubElement(source, "link", rel="alternate", href=partner_url)
        if not self.story.author:
            # RFC 4287 4.2.1: without an entry author, the source's author applies before the
            # feed's. The partner organisation published it; better than crediting us.
            author = etree.SubElement(source, "author")
            etree.SubElement(author, "name").text = partner.name
        return entry

    def extend_rss(self, item: etree._Element) -> etree._Element:
        assert self.story is not None
        partner = self.story.source
        partner_url = safe_url(partner.url)
        if partner_url:  # RSS requires the url attribute of <source>
            etree.SubElement(item, "source", url=partner_url).text = self.text(partner.name or partner.id)
        add_rss_media(item, self.story, self.text)
        return item
