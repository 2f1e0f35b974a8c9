"""Publish stage: turn stored stories and source statuses into the static files we serve.

Output (names fixed by the spec), all under `output_dir`:
    feed.atom, feed.rss, feed.json            latest stories, all languages
    <lang>/feed.atom, .rss, .json             latest stories of one language
    sources.opml                              partner sources and our own feeds
    index.html                                staff page: stories by day, source health

Feeds and OPML depend only on their input, never on the clock, so unchanged content gives
byte-identical files and HTTP caches keep answering 304. Files are only replaced when their
bytes change, and always atomically, so a web server never serves half a file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from aggregator.models import SiteInfo, SourceConfig, SourceRef, SourceStatus, Story

__all__ = ["publish"]

# Feed-level date for a feed with no items: fixed, so an empty feed is byte-stable too.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEMPLATE_DIR = Path(__file__).parent / "templates"
# Language codes become directory names: accept only plain BCP 47 shapes ("sv", "ky", "en-gb"),
# so partner metadata can never steer a path ("../x").
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


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
        site: title, public base URL, generation time (shown only on index.html), sources.
        stories: candidates in any order, duplicates allowed (same id = same story).
        statuses: one per source, for index.html and the polled addresses in sources.opml.
        max_items: how many stories each feed (combined and per language) keeps.

    Returns:
        The paths rewritten, in write order; files whose bytes did not change are left untouched.

    Raises:
        ValueError: if max_items < 1.
        OSError: if a file cannot be written (files already replaced stay replaced).
    """
    if max_items < 1:
        raise ValueError(f"max_items must be at least 1, got {max_items}")
    ordered = _newest_first(stories)
    combined = _FeedView(site, None, ordered[:max_items])
    feeds = [combined]
    for language in _languages(ordered):
        chosen = [s for s in ordered if _language_key(s) == language][:max_items]
        feeds.append(_FeedView(site, language, chosen))

    outputs: dict[str, bytes] = {}
    for feed in feeds:
        outputs[feed.path("atom")] = _atom(feed)
        outputs[feed.path("rss")] = _rss(feed)
        outputs[feed.path("json")] = _json_feed(feed)
    outputs["sources.opml"] = _opml(site, statuses, feeds)
    outputs["index.html"] = _index_html(site, combined.stories, feeds, statuses)

    output_dir.mkdir(parents=True, exist_ok=True)
    return [output_dir / name for name, data in outputs.items() if _write_if_changed(output_dir / name, data)]


# --- choosing stories ------------------------------------------------------------------------


def _newest_first(stories: Iterable[Story]) -> list[Story]:
    # The caller's list overlaps (latest N overall + latest N per language): keep one per id.
    unique = {story.id: story for story in stories}
    by_id = sorted(unique.values(), key=lambda s: s.id)
    # Two stable sorts: newest first, ties broken by id ascending, the same order every run.
    return sorted(by_id, key=lambda s: _utc(s.published), reverse=True)


def _language_key(story: Story) -> str | None:
    """The directory a story's language feed lives in, or None if it has no usable code."""
    code = (story.language or "").strip().lower()
    return code if LANGUAGE_CODE.fullmatch(code) else None


def _languages(stories: Iterable[Story]) -> list[str]:
    return sorted({key for s in stories if (key := _language_key(s))})


def _utc(moment: datetime) -> datetime:
    # Naive datetimes from the store are UTC; normalising makes output independent of server TZ.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _rfc3339(moment: datetime) -> str:
    return _utc(moment).isoformat()


@dataclass(frozen=True)
class _FeedView:
    """One published feed (all languages, or one): what it holds and where it lives."""

    site: SiteInfo
    language: str | None
    stories: list[Story]

    def path(self, kind: str) -> str:
        return f"{self.language}/feed.{kind}" if self.language else f"feed.{kind}"

    def url(self, kind: str) -> str:
        return _absolute(self.site, self.path(kind))

    @property
    def feed_id(self) -> str:
        # Each feed needs its own Atom id; the all-languages feed is the site itself.
        return _absolute(self.site, f"{self.language}/") if self.language else self.site.link

    @property
    def title(self) -> str:
        return f"{self.site.title} ({self.language})" if self.language else self.site.title

    @property
    def updated(self) -> datetime:
        # Newest item, not "now": unchanged content must give unchanged bytes.
        return max((_utc(s.updated) for s in self.stories), default=EPOCH)


def _absolute(site: SiteInfo, relative: str) -> str:
    base = site.link if site.link.endswith("/") else site.link + "/"
    return urljoin(base, relative)


# --- Atom and RSS (feedgen) ------------------------------------------------------------------


class _PartnerEntryExtension(BaseEntryExtension):
    """What feedgen cannot express per entry: xml:lang, a full atom:source with <id>, and an RSS
    <source> (feedgen's own `source()` writes an atom:source without <id>, so we skip it)."""

    def __init__(self) -> None:
        self.story: Story | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        assert self.story is not None
        if self.story.language:
            entry.set(XML_LANG, self.story.language)
        # feedgen 1.0 drops rel on entry links (a shadowed variable); say "alternate" explicitly.
        for link in entry.findall("link"):
            link.set("rel", link.get("rel", "alternate"))
        partner = self.story.source
        source = etree.SubElement(entry, "source")  # unqualified, like feedgen's own elements
        # atom:id must be an IRI; the partner's site address is the one we have.
        etree.SubElement(source, "id").text = partner.url
        etree.SubElement(source, "title").text = partner.name
        etree.SubElement(source, "link", rel="alternate", href=partner.url)
        return entry

    def extend_rss(self, item: etree._Element) -> etree._Element:
        assert self.story is not None
        partner = self.story.source
        etree.SubElement(item, "source", url=partner.url).text = partner.name
        return item


def _feedgen(feed: _FeedView, self_url: str) -> FeedGenerator:
    fg = FeedGenerator()
    # dc:creator/dc:language only in RSS: Atom has <author> and xml:lang for the same facts.
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed.feed_id)
    fg.title(feed.title)
    fg.description(f"{feed.title}: news from our partner organisations")
    fg.link(href=self_url, rel="self")
    fg.link(href=feed.site.link, rel="alternate")
    if feed.language:
        fg.language(feed.language)
    fg.updated(feed.updated)  # also RSS lastBuildDate, which feedgen would otherwise set to now
    for story in feed.stories:
        _add_entry(fg, story)
    return fg


def _add_entry(fg: FeedGenerator, story: Story) -> None:
    fe = fg.add_entry(order="append")  # feedgen prepends by default
    fe.id(story.id)  # also RSS guid, isPermaLink="false"
    fe.title(story.title or story.url)  # feedgen refuses an empty title
    fe.link(href=story.url, rel="alternate")
    fe.summary(story.summary, type="text")  # also RSS description
    fe.published(_utc(story.published))  # also RSS pubDate
    fe.updated(_utc(story.updated))
    if story.author:
        fe.author(name=story.author)  # RSS <author> needs an email, so feedgen skips it there
        fe.dc.dc_creator(story.author)
    if story.language:
        fe.dc.dc_language(story.language)
    fe.register_extension("partner", _PartnerEntryExtension)
    fe.partner.story = story


def _atom(feed: _FeedView) -> bytes:
    return _feedgen(feed, feed.url("atom")).atom_str(pretty=True)


def _rss(feed: _FeedView) -> bytes:
    return _feedgen(feed, feed.url("rss")).rss_str(pretty=True)


# --- JSON Feed 1.1 ---------------------------------------------------------------------------


def _json_feed(feed: _FeedView) -> bytes:
    document: dict[str, object] = {
        "version": JSONFEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.site.link,
        "feed_url": feed.url("json"),
        "items": [_json_item(story) for story in feed.stories],
    }
    if feed.language:
        document["language"] = feed.language
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _json_item(story: Story) -> dict[str, object]:
    item: dict[str, object] = {
        "id": story.id,
        "url": story.url,
        "title": story.title,
        "summary": story.summary,
        "content_text": story.summary,  # JSON Feed requires content_text or content_html
        "date_published": _rfc3339(story.published),
        "date_modified": _rfc3339(story.updated),
        "_source": _json_source(story.source),
    }
    if story.author:
        item["authors"] = [{"name": story.author}]
    if story.language:
        item["language"] = story.language
    if story.also_published_by:
        item["_also_published_by"] = [_json_source(ref) for ref in story.also_published_by]
    return item


def _json_source(ref: SourceRef) -> dict[str, str]:
    return {"id": ref.id, "name": ref.name, "url": ref.url}


# --- OPML 2.0 --------------------------------------------------------------------------------


def _opml(site: SiteInfo, statuses: Sequence[SourceStatus], feeds: Sequence[_FeedView]) -> bytes:
    # No <dateCreated>: a timestamp would make every publish a change.
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = f"{site.title}: sources and feeds"
    body = etree.SubElement(opml, "body")

    polled = {status.id: status.fetch_url for status in statuses}
    partners = etree.SubElement(body, "outline", text="Partner sources", title="Partner sources")
    for source in site.sources:
        _opml_source(partners, source, polled.get(source.id))

    ours = etree.SubElement(body, "outline", text="Published feeds", title="Published feeds")
    for feed in feeds:
        for kind, label in (("atom", "Atom"), ("rss", "RSS"), ("json", "JSON Feed")):
            name = f"{feed.title} ({label})"
            outline = etree.SubElement(ours, "outline", text=name, title=name, type="rss")
            outline.set("xmlUrl", feed.url(kind))
            outline.set("htmlUrl", site.link)
            if feed.language:
                outline.set("language", feed.language)
    return etree.tostring(opml, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _opml_source(parent: etree._Element, source: SourceConfig, fetch_url: str | None) -> None:
    outline = etree.SubElement(parent, "outline", text=source.name, title=source.name)
    # type="rss" promises a feed at xmlUrl; a scraped HTML page is not one.
    if fetch_url and source.type != "html":
        outline.set("type", "rss")
        outline.set("xmlUrl", fetch_url)
    outline.set("htmlUrl", source.url)


# --- index.html ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Day:
    day: date
    stories: list[Story]


def _index_html(
    site: SiteInfo,
    latest: Sequence[Story],
    feeds: Sequence[_FeedView],
    statuses: Sequence[SourceStatus],
) -> bytes:
    env = _template_env()
    page = env.get_template("index.html").render(
        site=site,
        generated_at=_utc(site.generated_at),
        days=_by_day(latest),
        feeds=feeds,
        statuses=statuses,
        failing=sum(1 for s in statuses if s.consecutive_failures > 0),
    )
    return page.encode("utf-8")


def _by_day(stories: Sequence[Story]) -> list[_Day]:
    # `stories` is newest first, so days come out newest first too.
    grouped = groupby(stories, key=lambda s: _utc(s.published).date())
    return [_Day(day, list(group)) for day, group in grouped]


def _template_env() -> jinja2.Environment:
    # Autoescape everything: titles, names and error messages all come from outside.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _format_when
    env.filters["safe_href"] = _safe_href
    return env


def _format_when(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return _utc(moment).strftime(fmt) if moment else "–"


def _safe_href(url: str | None) -> str | None:
    # Escaping does not stop "javascript:" links; only web addresses become links.
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


# --- writing ---------------------------------------------------------------------------------


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly those bytes."""
    try:
        if path.read_bytes() == data:
            return False  # untouched: mtime stays, so HTTP validators stay valid
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; the web server must read it
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True
