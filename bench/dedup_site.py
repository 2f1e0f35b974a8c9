"""A partner web made from a dedup web set (see bench.dedup_web): each source's sightings as its
feed (RSS, Atom, JSON Feed) or HTML news page, and the sources.yaml that collects them.

Items keep the addresses the set gives them (they are never fetched: HTML sources are scraped
with `select` selectors, so no article page is read). hreflang alternates appear as Atom
`<link rel="alternate" hreflang>` (in RSS items as `<atom:link>`) and, on news pages, as
`<link rel="alternate" hreflang>` inside the item's block; JSON Feed has no place for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

KINDS = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


@dataclass(frozen=True)
class SourceSpec:
    id: str
    name: str
    kind: str  # rss, atom, json or html
    languages: tuple[str, ...]
    role: str  # partner or digest

    @classmethod
    def from_json(cls, row: dict[str, object]) -> SourceSpec:
        languages = row.get("languages") or ()
        return cls(
            id=str(row["id"]),
            name=str(row.get("name") or row["id"]),
            kind=str(row.get("kind") or "rss"),
            languages=tuple(str(x) for x in languages) if isinstance(languages, list) else (),
            role=str(row.get("role") or "partner"),
        )


@dataclass(frozen=True)
class SightingSpec:
    number: int  # line number in the set, for telling sightings apart
    group: str
    source_id: str
    title: str
    summary: str
    url: str
    language: str | None
    published: datetime | date | None  # a date alone: the partner gave the day only
    author: str | None
    alternates: tuple[tuple[str, str], ...]  # (hreflang, url)
    note: str

    @classmethod
    def from_json(cls, row: dict[str, object], number: int) -> SightingSpec:
        alternates = row.get("alternates") or []
        return cls(
            number=number,
            group=str(row["group"]),
            source_id=str(row["source_id"]),
            title=str(row.get("title") or ""),
            summary=str(row.get("summary") or ""),
            url=str(row["url"]),
            language=str(row["language"]) if row.get("language") else None,
            published=_when(row.get("published")),
            author=str(row["author"]) if row.get("author") else None,
            alternates=tuple(_alternate(a, number) for a in alternates),
            note=str(row.get("note") or ""),
        )

    @property
    def sort_key(self) -> datetime:
        when = self.published
        if isinstance(when, datetime):
            return when
        if isinstance(when, date):
            return datetime(when.year, when.month, when.day, tzinfo=UTC)
        return datetime.min.replace(tzinfo=UTC)


def _alternate(value: object, number: int) -> tuple[str, str]:
    """One `{"hreflang", "url"}` of a sighting; anything else stops the run (a set whose alternates
    were silently dropped once measured hreflang translations as missed)."""
    if isinstance(value, dict) and value.get("hreflang") and value.get("url"):
        return str(value["hreflang"]), str(value["url"])
    raise ValueError(f"sighting {number}: an alternate must be {{'hreflang': ..., 'url': ...}}, not {value!r}")


def _when(value: object) -> datetime | date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Site:
    sources: tuple[SourceSpec, ...]
    documents: dict[str, tuple[str, bytes]]  # path -> (content type, body)
    path_of: dict[str, str]  # source id -> its document's path


def build_site(sources: list[SourceSpec], sightings: list[SightingSpec]) -> Site:
    documents: dict[str, tuple[str, bytes]] = {}
    path_of: dict[str, str] = {}
    for source in sources:
        # Newest first, as partners list them; ties in the set's order.
        items = sorted((s for s in sightings if s.source_id == source.id), key=lambda s: s.sort_key, reverse=True)
        if source.kind == "html":
            path, content_type, body = f"/{source.id}/news.html", "text/html; charset=utf-8", _html(source, items)
        elif source.kind == "atom":
            path, content_type, body = f"/{source.id}/feed.atom", KINDS["atom"], _atom(source, items)
        elif source.kind == "json":
            path, content_type, body = f"/{source.id}/feed.json", KINDS["json"], _json(source, items)
        else:
            path, content_type, body = f"/{source.id}/feed.rss", KINDS["rss"], _rss(source, items)
        documents[path] = (content_type, body.encode("utf-8"))
        path_of[source.id] = path
    return Site(tuple(sources), documents, path_of)


def config_yaml(site: Site, base: str, workdir: Path, *, one_at_a_time: bool = False) -> str:
    """The aggregator's config for the web; `one_at_a_time`: one request at a time, so the
    sources are collected and stored in the order they are listed."""
    fetch = "concurrency: 1, per_host: 1" if one_at_a_time else "concurrency: 8, per_host: 8"
    lines = [
        "title: Dedup web",
        "link: https://news.example.org/",
        f"database: sqlite:///{workdir / 'aggregator.db'}",
        f"output_dir: {workdir / 'public'}",
        "excerpt_length: 300",
        "max_items: 5000",
        f"fetch: {{allow_private_networks: true, {fetch}}}",
        "sources:",
    ]
    for source in site.sources:
        languages = json.dumps(list(source.languages))
        entry = f"  - {{id: {json.dumps(source.id)}, name: {json.dumps(source.name)}, "
        entry += f"url: '{base}{site.path_of[source.id]}', languages: {languages}"
        if source.kind == "html":
            entry += (
                ", type: html, select: {item: article, title: h2, link: h2 a, excerpt: p.excerpt, "
                "date: time, author: .author}"
            )
        else:
            entry += ", type: feed"
        lines.append(entry + "}")
    return "\n".join(lines) + "\n"


# --- documents -------------------------------------------------------------------------------------


def _rfc822(when: datetime | date | None) -> str | None:
    if when is None:
        return None
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=UTC)
    return format_datetime(when)


def _iso(when: datetime | date | None) -> str | None:
    return None if when is None else when.isoformat()


def _rss(source: SourceSpec, items: list[SightingSpec]) -> str:
    language = source.languages[0] if source.languages else "en"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        f"<channel><title>{escape(source.name)}</title><link>https://{source.id}.example.org/</link>",
        f"<description>{escape(source.name)}</description><language>{language}</language>",
    ]
    for item in items:
        out.append(f"<item><title>{escape(item.title)}</title><link>{escape(item.url)}</link>")
        out.append(f'<guid isPermaLink="false">{source.id}-{item.number}</guid>')
        for hreflang, url in item.alternates:
            out.append(f'<atom:link rel="alternate" hreflang="{escape(hreflang)}" href="{escape(url)}"/>')
        if (when := _rfc822(item.published)) is not None:
            out.append(f"<pubDate>{when}</pubDate>")
        if item.author:
            out.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        if item.language:
            out.append(f"<dc:language>{item.language}</dc:language>")
        out.append(f"<description>{escape(item.summary)}</description></item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def _atom(source: SourceSpec, items: list[SightingSpec]) -> str:
    language = source.languages[0] if source.languages else "en"
    newest = max((i.sort_key for i in items), default=datetime(2020, 1, 1, tzinfo=UTC))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">',
        f"<title>{escape(source.name)}</title><id>tag:{source.id}.example.org,2020:feed</id>",
        f"<updated>{newest.isoformat()}</updated>",
    ]
    for item in items:
        lang = f' xml:lang="{item.language}"' if item.language else ""
        out.append(f'<entry{lang}><title type="text">{escape(item.title)}</title>')
        out.append(f'<link rel="alternate" type="text/html" href="{escape(item.url)}"/>')
        for hreflang, url in item.alternates:
            out.append(f'<link rel="alternate" hreflang="{escape(hreflang)}" type="text/html" href="{escape(url)}"/>')
        out.append(f"<id>tag:{source.id}.example.org,2020:{item.number}</id>")
        when = _iso(item.published)
        out.append(f"<updated>{when or newest.isoformat()}</updated>")
        if when:
            out.append(f"<published>{when}</published>")
        if item.author:
            out.append(f"<author><name>{escape(item.author)}</name></author>")
        out.append(f'<summary type="text">{escape(item.summary)}</summary></entry>')
    out.append("</feed>")
    return "\n".join(out)


def _json(source: SourceSpec, items: list[SightingSpec]) -> str:
    document: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": source.name,
        "home_page_url": f"https://{source.id}.example.org/",
        "language": source.languages[0] if source.languages else "en",
        "items": [],
    }
    for item in items:
        entry: dict[str, object] = {"id": f"{source.id}-{item.number}", "url": item.url, "title": item.title}
        entry["content_text"] = item.summary
        entry["summary"] = item.summary
        if item.published is not None:
            published = item.published
            if not isinstance(published, datetime):
                published = datetime(published.year, published.month, published.day, tzinfo=UTC)
            entry["date_published"] = published.isoformat()
        if item.author:
            entry["authors"] = [{"name": item.author}]
        if item.language:
            entry["language"] = item.language
        document["items"].append(entry)  # type: ignore[attr-defined]
    return json.dumps(document, ensure_ascii=False, indent=1)


def _html(source: SourceSpec, items: list[SightingSpec]) -> str:
    language = source.languages[0] if source.languages else "en"
    out = [
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(source.name)}</title>',
        '</head><body><header><nav><a href="/">Home</a></nav></header><main>',
    ]
    for item in items:
        lang = f' lang="{item.language}"' if item.language else ""
        out.append(f'<article{lang}><h2><a href="{escape(item.url)}">{escape(item.title)}</a></h2>')
        if isinstance(item.published, datetime):
            out.append(f'<time datetime="{item.published.isoformat()}">{item.published:%d.%m.%Y %H:%M}</time>')
        elif item.published is not None:
            out.append(f'<time datetime="{item.published.isoformat()}">{item.published:%d.%m.%Y}</time>')
        if item.author:
            out.append(f'<span class="author">{escape(item.author)}</span>')
        for hreflang, url in item.alternates:
            out.append(f'<link rel="alternate" hreflang="{escape(hreflang)}" href="{escape(url)}">')
        out.append(f'<p class="excerpt">{escape(item.summary)}</p></article>')
    out.append("</main><footer>© partner</footer></body></html>")
    return "\n".join(out)
