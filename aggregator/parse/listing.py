"""A news page without selectors -> its items (`find_items`), by finding the repeated blocks.

How: drop the page's furniture (nav, header, footer, aside, menus, pagination, share and tag
widgets); group the remaining links to articles by their tag path from <body>; in each group of
at least MIN_ITEMS links, climb from every link to the largest ancestor holding no other link of
the group: that ancestor is the item's block (an <article>, <li>, <tr>, card column...). A
group whose blocks look like news (a heading, a date or an excerpt in most of them) gives items;
several links to one article in a block ("read more", the image, the date) count once.

Pure and total: no I/O, never raises; returns [] when nothing item-like is found.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from aggregator import extract
from aggregator.models import RawEntry
from aggregator.parse.article import clean_byline
from aggregator.parse.urls import base_href, join

__all__ = ["find_items"]

MIN_ITEMS = 3  # fewer repeated blocks than this is a menu or a teaser, not a news list
ITEM_LIKE_SHARE = 0.5  # share of blocks that must show a heading, a date or an excerpt
MIN_EXCERPT = 20  # characters; shorter paragraphs are captions or labels
MIN_LEFTOVER_EXCERPT = 40  # the block's loose text counts as excerpt from this length on
MAX_DATE_TEXT = 60  # a "date" longer than this is a sentence that mentions a year

# Page furniture: dropped before looking for items.
FURNITURE_TAGS = ["nav", "footer", "aside", "form", "script", "style", "noscript", "template", "iframe", "svg"]
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
# Class or id tokens of furniture: "main-menu", "pagination", "widget_tag_cloud", "share-buttons".
# Footers only when they are the site's: a "card-footer" or "entry-footer" holds the item's date.
FURNITURE_TOKEN = re.compile(
    r"^(?:\w+[-_])?(?:nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|paging|sidebar|widget"
    r"|tag-?cloud|share|sharing|social|comments|related|cookies?)(?:[-_]\w+)?$"
    r"|^(?:(?:site|page|global|main)[-_])?footer$",
    re.IGNORECASE,
)
# Links that are never items: taxonomy, author and paging pages, feeds, files.
NOT_ARTICLE_PATH = re.compile(
    r"/(?:tag|tags|category|categories|kategori|rubrika|rubric|author|autor|page|feed|wp-login\.php|login)(?:/|$)"
    r"|\.(?:jpe?g|png|gif|webp|svg|xml|rss|zip)$",
    re.IGNORECASE,
)
NOT_ARTICLE_QUERY = re.compile(r"(?:^|&)(?:page|paged|p|start|offset)=\d+(?:&|$)", re.IGNORECASE)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# Classes that mark an excerpt, a date or a byline inside a block.
EXCERPT_CLASS = re.compile(r"excerpt|summary|lead|teaser|intro|desc|entry-content|card-text|field-body|body", re.I)
DATE_CLASS = re.compile(r"date|time|posted|published|created|meta", re.IGNORECASE)
AUTHOR_CLASS = re.compile(r"author|byline|vcard", re.IGNORECASE)
BYLINE_START = re.compile(r"^(?:by|av|von|par|autor(?:ka)?|author|автор|muallif|муаллиф)\b\s*:?\s+\w", re.I)
META_SEPARATOR = re.compile(r"\s[|·•—–]\s|\s/\s")
MAX_AUTHOR_WORDS = 4
YEAR = re.compile(r"(?<!\d)(?:199[5-9]|20\d\d)(?!\d)")


@dataclass
class _Block:
    """One item's block: its element(s) and the links to articles found in it."""

    elements: list[Tag]
    links: list[tuple[Tag, str]]  # (the <a>, its absolute URL without fragment)


def find_items(html: str, base_url: str) -> list[RawEntry]:
    """The news items of a listing page, in page order; [] when nothing item-like is found.

    Each entry has the article link (absolute), the title (heading text, else link text), an
    excerpt (HTML of a paragraph in the block) when there is one, the date as written
    (`published_text`: a `datetime` attribute or a date-looking text, read later in the
    source's languages) and the author when the block names one.
    """
    try:
        return _find_items(html, base_url)
    except Exception:  # a page this odd yields no items rather than breaking the run
        return []


def _find_items(html: str, base_url: str) -> list[RawEntry]:
    if not isinstance(html, str) or not html.strip():
        return []
    with warnings.catch_warnings():  # bs4 warns on odd input; harmless here
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html, "lxml")
    base = base_href(soup, base_url)
    body = soup.body or soup
    _drop_furniture(body)
    entries: dict[str, RawEntry] = {}
    for block in _blocks(body, base):
        entry = _entry(block)
        if entry is not None and entry.link not in entries:
            entries[entry.link or ""] = entry
    return list(entries.values())


# --- furniture -------------------------------------------------------------------------------


def _drop_furniture(body: Tag) -> None:
    for tag in body.find_all(FURNITURE_TAGS):
        tag.decompose()
    # A site header, but not an article's own <header> with its title.
    for tag in body.find_all("header"):
        if tag.find_parent("article") is None:
            tag.decompose()
    for tag in body.find_all(_is_furniture):
        tag.decompose()


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article") or tag.attrs is None:
        return False
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in FURNITURE_ROLES:
        return True
    tokens = [*(tag.get("class") or []), *str(tag.get("id") or "").split()]
    return any(FURNITURE_TOKEN.match(token) for token in tokens)


# --- finding the blocks ----------------------------------------------------------------------


def _article_url(anchor: Tag, base: str, page: str) -> str | None:
    href = anchor.get("href")
    if not isinstance(href, str) or href.strip().startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    joined = join(base, href.strip())
    if joined is None:
        return None
    url = urldefrag(joined)[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or url.rstrip("/") == page.rstrip("/"):
        return None
    if NOT_ARTICLE_PATH.search(parts.path) or NOT_ARTICLE_QUERY.search(parts.query):
        return None
    return url


def _tag_path(tag: Tag) -> tuple[str, ...]:
    return (*(parent.name for parent in reversed(list(tag.parents)) if parent.name), tag.name)


def _blocks(body: Tag, base: str) -> Iterator[_Block]:
    """Item blocks of every group of look-alike links, first group first, each block once."""
    page = urldefrag(base)[0]
    groups: dict[tuple[str, ...], list[tuple[Tag, str]]] = {}
    for anchor in body.find_all("a", href=True):
        url = _article_url(anchor, base, page)
        if url:
            groups.setdefault(_tag_path(anchor), []).append((anchor, url))
    blocks: dict[int, _Block] = {}
    for links in groups.values():
        if len({url for _, url in links}) < MIN_ITEMS:
            continue
        for group_blocks in _by_container(_group_blocks(links)):
            if not _item_like(group_blocks):
                continue
            # A block with no heading, date or excerpt is a link among news (a menu in the same
            # table layout, a links list next to the news list), not news.
            for block in filter(_has_news_signs, group_blocks):
                known = blocks.setdefault(id(block.elements[0]), block)
                if known is not block:
                    known.links.extend(block.links)
    order = {id(tag): position for position, tag in enumerate(body.find_all(True))}
    yield from sorted(blocks.values(), key=lambda block: order.get(id(block.elements[0]), 0))


def _group_blocks(links: list[tuple[Tag, str]]) -> list[_Block]:
    """Climb from each link while the parent holds no link of the group to another article."""
    targets: dict[int, str] = {id(anchor): url for anchor, url in links}
    # Which articles each ancestor holds links to, counted once per group (not per climb step).
    under: dict[int, set[str]] = {}
    for anchor, url in links:
        for parent in anchor.parents:
            under.setdefault(id(parent), set()).add(url)
    blocks: dict[int, _Block] = {}
    for anchor, url in links:
        element: Tag = anchor
        while isinstance(element.parent, Tag) and element.parent.name not in ("body", "html"):
            if len(under[id(element.parent)]) > 1:
                break
            element = element.parent
        block = blocks.setdefault(id(element), _Block([element, *_flat_followers(element, targets)], []))
        block.links.append((anchor, url))
    return list(blocks.values())


def _by_container(blocks: list[_Block]) -> list[list[_Block]]:
    """Split one group by the lists holding its blocks: a news <ul> and a links <ul> share a tag
    path but not a container. Look-alike containers (the rows of a card grid) stay together."""
    split: dict[tuple[object, ...], list[_Block]] = {}
    for block in blocks:
        parent = block.elements[0].parent
        key: tuple[object, ...] = ()
        if isinstance(parent, Tag):
            key = (_tag_path(parent), tuple(sorted(parent.get("class") or [])))
        split.setdefault(key, []).append(block)
    return list(split.values())


def _flat_followers(element: Tag, targets: dict[int, str]) -> list[Tag]:
    """Old flat pages: <h3><a>title</a></h3><p>excerpt</p><h3>... — a heading (or <dt>) item
    owns the siblings up to the next item."""
    if element.name not in (*HEADINGS, "dt"):
        return []
    followers = []
    for sibling in element.find_next_siblings():
        if sibling.name == element.name or any(id(a) in targets for a in sibling.find_all("a", href=True)):
            break
        followers.append(sibling)
    return followers


def _item_like(blocks: list[_Block]) -> bool:
    """Enough blocks, and most of them show what news shows: a heading, a date or an excerpt."""
    if len(blocks) < MIN_ITEMS:
        return False
    signs = sum(map(_has_news_signs, blocks))
    return signs >= MIN_ITEMS and signs >= ITEM_LIKE_SHARE * len(blocks)


def _has_news_signs(block: _Block) -> bool:
    return bool(_heading(block) or _date_text(block) or _excerpt(block, _title_of(block)))


# --- reading a block -------------------------------------------------------------------------


def _entry(block: _Block) -> RawEntry | None:
    _, url = _main_link(block)
    title = _title_of(block)
    if not title:
        return None
    return RawEntry(
        link=url,
        title=title,
        title_is_text=True,  # read with get_text: a "<" left in it is the title's own
        guid=url,
        summary=_excerpt(block, title),
        published_text=_date_text(block),
        author=_author(block, title),
    )


def _main_link(block: _Block) -> tuple[Tag, str]:
    """The link in a heading, else the one with the longest text (a title beats "Read more")."""
    for anchor, url in block.links:
        if anchor.find_parent(HEADINGS) is not None or anchor.find(HEADINGS) is not None:
            return anchor, url
    return max(block.links, key=lambda link: len(_text(link[0])))


def _descendants(block: _Block, *names: str) -> Iterator[Tag]:
    for element in block.elements:
        if element.name in names:
            yield element
        yield from element.find_all(list(names))


def _heading(block: _Block) -> Tag | None:
    anchor, _ = _main_link(block)
    return anchor.find_parent(HEADINGS) or anchor.find(HEADINGS) or next(_descendants(block, *HEADINGS), None)


def _title_of(block: _Block) -> str:
    heading = _heading(block)
    if heading is not None and _text(heading):
        return _text(heading)
    anchor, _ = _main_link(block)
    image = anchor.find("img", alt=True)
    return _text(anchor) or str(anchor.get("title") or "").strip() or (str(image["alt"]).strip() if image else "")


def _excerpt(block: _Block, title: str) -> str | None:
    """HTML of the first paragraph that is not the title, a date or a "Read more" link."""
    for element in _paragraphs(block):
        text = _text(element)
        if len(text) >= MIN_EXCERPT and title not in text and not _is_date(text) and extract.make_excerpt(text, 500):
            return element.decode_contents().strip()
    leftover = _leftover_text(block, title)
    return leftover if len(leftover) >= MIN_LEFTOVER_EXCERPT else None


def _paragraphs(block: _Block) -> Iterator[Tag]:
    yield from _descendants(block, "p", "dd")
    for element in block.elements:
        for tag in element.find_all(class_=EXCERPT_CLASS):
            if tag.find(HEADINGS) is None:
                yield tag


def _leftover_text(block: _Block, title: str) -> str:
    """The block's loose text (table rows, <br>-separated lists) minus title, date and links."""
    date = _date_text(block) or ""
    pieces = []
    for element in block.elements:
        for string in element.find_all(string=True):
            if isinstance(string, NavigableString) and string.find_parent("a") is None:
                piece = " ".join(string.split())
                if piece and piece not in title and piece not in date:
                    pieces.append(piece)
    return extract.make_excerpt(" ".join(pieces).strip(" —-–|·"), 10_000)


def _date_text(block: _Block) -> str | None:
    """The date as written: a `datetime`/`content` attribute, else a short date-looking text."""
    for element in _descendants(block, "time"):
        value = element.get("datetime")
        if isinstance(value, str) and value.strip():
            return value.strip()
    for element in block.elements:
        for tag in element.find_all(attrs={"itemprop": re.compile("datePublished", re.IGNORECASE)}):
            value = tag.get("content") or tag.get("datetime") or _text(tag)
            if isinstance(value, str) and value.strip():
                return value.strip()
    texts = [_text(tag) for element in block.elements for tag in element.find_all(class_=DATE_CLASS)]
    texts += [
        " ".join(string.split())
        for element in block.elements
        for string in element.find_all(string=True)
        if string.find_parent("a") is None or string.find_parent("a").find_parent(HEADINGS) is None
    ]
    # "2019-жылдын 5-июлу · Көрүүлөр: 214", "Muallif: Dilnoza | 14 Mart 2023": one piece is the date.
    return next((piece for text in texts for piece in _pieces(text) if _is_date(piece)), None)


def _pieces(text: str) -> list[str]:
    """A meta line cut at its separators, each piece stripped of dangling punctuation."""
    return [piece.strip(" —–-|·•:,") for piece in META_SEPARATOR.split(text) if piece.strip(" —–-|·•:,")]


def _is_date(text: str) -> bool:
    # The year check first: parse_date falls back to dateparser, too slow for every string.
    return 0 < len(text) <= MAX_DATE_TEXT and bool(YEAR.search(text)) and extract.parse_date(text) is not None


def _author(block: _Block, title: str) -> str | None:
    for element in block.elements:
        for tag in element.find_all(attrs={"itemprop": "author"}) + element.find_all(class_=AUTHOR_CLASS):
            name = clean_byline(_text(tag))
            if name and name != title and not _is_date(name):
                return name
        rel = element.find("a", rel="author")
        if isinstance(rel, Tag):
            return clean_byline(_text(rel))
    # No byline markup: a loose "Автор: Ирина Ким" or "By Anna Smith".
    for element in block.elements:
        for string in element.find_all(string=True):
            for piece in _pieces(" ".join(string.split())):
                name = clean_byline(piece) if BYLINE_START.match(piece) else None
                if name and len(name.split()) <= MAX_AUTHOR_WORDS:
                    return name
    return None


def _text(element: Tag) -> str:
    return " ".join(element.get_text(" ", strip=True).split())
