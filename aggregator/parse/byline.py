"""Who wrote an article page: JSON-LD authors, author meta tags, then the visible byline.

A person beats an organisation: JSON-LD often names the publisher as author while a byline
or a meta tag names the journalist. Values that name nobody ("No Author", "admin",
"Redaktion") and the site's own name are no author at all, and inside a byline block only
the text that is not an unrelated link (a share button, a category) can be a name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import soupsieve
from bs4 import BeautifulSoup, Comment, Tag

from aggregator import extract
from aggregator.parse.jsonld import ld_people
from aggregator.parse.sitename import host_forms, squash

__all__ = ["BYLINE_SELECTORS", "byline_elements", "clean_byline", "find_author", "first_of_each"]

BYLINE_SELECTORS = [
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "a[rel=author]",
    ".byline .author",
    ".byline__name",
    ".byline-name",
    ".byline",
    ".author-name",
    ".author__name",
    ".article-author",
    ".article__author",
    ".entry-author",
    ".post-author",
    ".meta-author",
    ".posted-by",
    ".td-post-author-name",
    ".vcard .fn",
    ".author",
    ".autor",
    ".c-byline",
    # Looser, last: BEM-style names ("content__author", "sharekit__contributors--author") and
    # WordPress's author archive link.
    "[class*=__author]",
    "[class*=--author]",
    "a[href*='/author/']",
]
# "By Anna", "Автор: Анна", "Geschrieben von Anna": the prefix is not the name.
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:posted|written|geschrieben|eingestellt|veröffentlicht|verfasst|publié|zeige alle beiträge)"
    r"\s+(?:by|von|par)|beitrag von|by|av|von|par|por|di|text|texte|interview"
    r"|autor(?:ka|in)?|author|автор|авторы|muallif|муаллиф)"
    r"\s*:?\s+",
    re.IGNORECASE,
)
# Values CMSs put where a name should be. Compared case-folded, whole value.
PLACEHOLDERS = frozenset(
    {
        "no author", "unknown", "anonymous", "anonym", "admin", "administrator", "wordpressadmin", "site admin",
        "editor", "editors", "redaktion", "redaction", "rédaction", "redazione", "redacción", "staff", "staff writer",
        "publisher", "author", "autor", "guest", "webmaster", "user", "newsroom", "unbenannt", "none", "null", "n/a",
        "редакция", "редакция сайта", "админ", "администратор", "tahririyat", "таҳририят", "редакциясы",
    }
)  # fmt: skip
# A word that makes a short value the desk, not a person: "mix1.de Redaktion", "TVT-Redaktion".
STAFF_WORDS = frozenset({"redaktion", "redaction", "rédaction", "staff", "admin", "редакция", "newsroom", "webmaster"})
# Link targets that are never a byline: sharing, categories, tags, mail.
UNRELATED_PATH = re.compile(r"/(?:share|sharer|intent|category|categories|tag|tags|topic|topics|rubrik|section)\b")
AUTHOR_META = [
    ("name", "author"),
    ("itemprop", "author"),
    ("property", "article:author"),
    ("property", "og:article:author"),
    ("name", "parsely-author"),
    ("name", "sailthru.author"),
    ("name", "dc.creator"),
    ("name", "twitter:creator"),
]
NOT_NAMES = ("http", "@", "www.")  # profile links and handles in author meta tags
MAX_AUTHOR = 80  # a "byline" longer than this is a sentence, not a name
MAX_STAFF_WORDS = 3
# After the name: "Anna am 26/10/13, 03:48 pm", "r23 » 21.01.2009", "Anna | 5. Mai 2020".
_AFTER_NAME_RE = re.compile(
    r"\s+[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}\b.*$|\s+\d{1,2}\.?\s+[^\W\d_]+\.?,?\s+\d{4}\b.*$|"
    r"\s+(?:[|»•·—]|(?-i:am|on|le|el))\s+.*$|\s*[,|»•·]?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*$",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W_]+")


def find_author(
    bylines: Sequence[Tag], metas: dict[tuple[str, str], list[str]], ld: dict, site_names: Sequence[str], url: str
) -> str | None:
    """The page's author, or None. `bylines` are the page's `byline_elements`; `site_names`
    and `url` tell the publisher's own name."""
    publisher = {squash(name) for name in site_names if name} | host_forms(url)

    def names(raws: Sequence[str]) -> list[str]:
        cleaned = (clean_byline(raw) for raw in raws)
        return list(
            dict.fromkeys(name for name in cleaned if name and not names_nobody(name) and squash(name) not in publisher)
        )

    from_ld = ld_people(ld.get("author")) or ld_people(ld.get("creator"))
    # JSON-LD lists every author of the story; the other sources give one string each.
    people = names([name for name, is_person in from_ld if is_person])
    if people:
        return ", ".join(people)
    declared = [value for key in AUTHOR_META for value in metas.get(key, []) if not value.startswith(NOT_NAMES)]
    declared += _labelled(metas)
    shown = [_byline_text(element) for element in bylines]
    others = names([*declared, *shown])
    if others:
        return others[0]
    organisations = names([name for name, is_person in from_ld if not is_person])
    return ", ".join(organisations) or None


def _labelled(metas: dict[tuple[str, str], list[str]]) -> list[str]:
    """Yoast's Twitter card: twitter:label1 "Written by" / "Verfasst von", twitter:data1 the name."""
    found = []
    for number in "12":
        labels = metas.get(("name", f"twitter:label{number}"), [])
        if labels and BYLINE_PREFIX.match(labels[0] + " x"):
            found += metas.get(("name", f"twitter:data{number}"), [])[:1]
    return found


def byline_elements(soup: BeautifulSoup) -> list[Tag]:
    """The first element of each byline selector that matches."""
    return first_of_each(soup, BYLINE_SELECTORS)


def first_of_each(soup: BeautifulSoup, selectors: Sequence[str]) -> list[Tag]:
    """The first match of each selector, in the selectors' order, without duplicates. One walk
    of the tree for all of them: a walk per selector cost more than the rest of the page."""
    single = [_compiled(selector) for selector in selectors]
    matches = _compiled(", ".join(selectors)).select(soup)
    found: list[Tag] = []
    for pattern in single:
        element = next((m for m in matches if pattern.match(m)), None)
        if element is not None and element not in found:
            found.append(element)
    return found


@functools.cache
def _compiled(selector: str) -> soupsieve.SoupSieve:
    return soupsieve.compile(selector)


def _byline_text(element: Tag) -> str:
    """The element's text without the text of links that cannot be the author's."""
    parts = []
    for piece in element.find_all(string=True):
        if isinstance(piece, Comment) or piece.parent is None or piece.parent.name in ("script", "style", "noscript"):
            continue
        # The link may be the element itself, inside it, or around it: unrelated either way.
        link = piece.find_parent("a")
        if link is not None and _unrelated(link):
            continue
        parts.append(str(piece))
    return " ".join(" ".join(parts).split())


def _unrelated(link: Tag) -> bool:
    rel = link.get("rel")
    if isinstance(rel, list) and "author" in rel:
        return False
    href = link.get("href")
    if not isinstance(href, str) or not href.strip():
        return False
    href = href.strip().lower()
    if href.startswith(("mailto:", "javascript:", "#", "tel:")):
        return True
    return bool(UNRELATED_PATH.search(urlsplit(href).path)) or "share" in urlsplit(href).query


def clean_byline(raw: str | None) -> str | None:
    """ "By Anna Ivanova" -> "Anna Ivanova"; sentences and empty strings -> None."""
    text = extract.plain_text(raw)
    text = BYLINE_PREFIX.sub("", text)
    text = _AFTER_NAME_RE.sub("", text).strip(" ,;:-–|")
    if not text or len(text) > MAX_AUTHOR or not _WORD_RE.search(text):
        return None
    return text


def names_nobody(name: str) -> bool:
    """ "admin", "No Author", "mix1.de Redaktion": a CMS default or the desk, not a writer.
    (Listings keep such values: there a desk byline still tells posts apart.)"""
    folded = _fold(name)
    words = _WORD_RE.findall(folded)
    return folded in PLACEHOLDERS or (len(words) <= MAX_STAFF_WORDS and bool(STAFF_WORDS & set(words)))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())
