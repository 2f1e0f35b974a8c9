"""One raw entry -> one clean `Item`: the extraction rules applied in order, no I/O.

The text work itself (markers, excerpts, languages, dates) lives in `extract`; this module
decides which signal wins for each field. Every page goes through `limits` on the way: at most
so many entries, raw texts cut before cleaning, every stored text XML-safe and within its cap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aggregator import extract
from aggregator.dedup import clean_url
from aggregator.extract import title_text
from aggregator.limits import MAX_TITLE, Cuts, bounded_entry, fit_item, newest_entries
from aggregator.media import clean_attachments, clean_tags, media_url
from aggregator.models import Item, ParsedPage, RawEntry, SourceConfig

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# Bylines as HTML pages write them: "By Anna", "Av Anna", "Autor: Anna", "Автор: Анна".
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|av|von|par|autor(?:ka)?|автор|posted by|skrivet av)\s*:?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class CleanPage:
    items: tuple[Item, ...]
    cuts: Cuts


def clean_page(page: ParsedPage, source: SourceConfig, *, excerpt_length: int, now: datetime) -> CleanPage:
    """Clean the entries of a parsed page, within the caps of `limits`; entries without a usable
    link are dropped. `cuts` says what the caps took away."""
    items = []
    # A "site name" longer than a title is not one: only as much as a title may hold is stripped.
    site_names = tuple(name[:MAX_TITLE] for name in (source.name, page.title) if name)
    entries, cuts = newest_entries(page.entries)
    for entry in entries:
        item = to_item(
            bounded_entry(entry),
            source,
            page_language=page.language,
            excerpt_length=excerpt_length,
            now=now,
            site_names=site_names,
        )
        fitted, item_cuts = fit_item(item) if item is not None else (None, Cuts())
        cuts += item_cuts
        if fitted is not None:
            items.append(fitted)
    return CleanPage(tuple(items), cuts)


def to_items(page: ParsedPage, source: SourceConfig, *, excerpt_length: int, now: datetime) -> list[Item]:
    """The items of `clean_page`, without the account of what was cut."""
    return list(clean_page(page, source, excerpt_length=excerpt_length, now=now).items)


def to_item(
    entry: RawEntry,
    source: SourceConfig,
    *,
    page_language: str | None,
    excerpt_length: int,
    now: datetime,
    site_names: Sequence[str] = (),
) -> Item | None:
    url = clean_url(entry.link or "") or clean_url(entry.guid or "")
    if not url:
        return None
    # Markup is removed once, where the title's type says there is any (issue 19: "x<y" is text).
    shown_title = title_text(entry.title, is_text=entry.title_is_text)
    # "Post title – Partner name": the site's name is not part of the story's title.
    title, marker = extract.strip_language_marker(extract.strip_site_name_from_text(shown_title, site_names))
    summary = extract.make_excerpt(entry.summary or entry.content, excerpt_length)
    if not title:
        # A post without a title is still news; its opening words stand in for one.
        title = extract.make_excerpt(summary, 80) or url
    language = extract.choose_language(
        marker=marker,
        metadata=extract.normalize_language(entry.language),
        text=f"{title}. {summary or extract.plain_text(entry.content)}",
        candidates=source.languages,
        feed_language=extract.normalize_language(page_language),
    )
    published = plausible(entry.published, now) or extract.parse_date(entry.published_text, source.languages, now=now)
    image = media_url(entry.image)
    return Item(
        source_id=source.id,
        guid=(entry.guid or "").strip() or url,
        url=url,
        title=title,
        summary=summary,
        language=language,
        published=published,
        updated=plausible(entry.updated, now),
        author=_author(entry.author),
        raw_title=shown_title or None,
        alternates=tuple(dict.fromkeys(a for a in map(clean_url, entry.alternates) if a and a != url)),
        image=image,
        attachments=clean_attachments(entry.attachments, image),
        tags=clean_tags(entry.tags),
    )


def plausible(when: datetime | None, now: datetime) -> datetime | None:
    """A date a partner could really have published on: not before 1995, not in the future."""
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if when < EARLIEST or when > now + timedelta(days=1):
        return None
    return when


def _author(raw: str | None) -> str | None:
    if not raw:
        return None
    text = _BYLINE_PREFIX.sub("", extract.plain_text(raw)).strip(" ,;:-–")
    return text or None
