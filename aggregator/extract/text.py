"""Markup to text: tags and invisible characters removed, entities decoded, whitespace collapsed."""

from __future__ import annotations

import html as html_lib
import re
import warnings

# Elements that separate words visually; a space is inserted around them so
# "<p>a</p><p>b</p>" becomes "a b" while "<b>H</b>i" stays "Hi".
_BLOCK_TAGS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
]
_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg"]
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# str.translate walks a non-ASCII text character by character in Python-level lookups (~10 us for an
# excerpt); the search finds out first, in C, whether there is anything to remove.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TAG_RE = re.compile(r"<[^>]*>")
# Where markup may start: text without it skips the parser (titletext asks the same).
MARKUP_HINT = re.compile(r"<[a-zA-Z!/]")


def plain_text(html: str | None) -> str:
    """Markup removed, entities decoded (even double-escaped), whitespace collapsed."""
    if not isinstance(html, str) or not html:
        return ""
    text = html
    # Feeds often double-escape ("&amp;#8211;", "&lt;p&gt;"): strip markup and
    # unescape until stable, so escaped tags are removed as well.
    for _ in range(3):
        if MARKUP_HINT.search(text):
            text = strip_markup(text)
        unescaped = html_lib.unescape(text) if "&" in text else text
        if unescaped == text:
            break
        text = unescaped
    return visible_text(text)


def visible_text(text: str) -> str:
    """`text` without invisible characters (zero-width, soft hyphen), whitespace collapsed."""
    return " ".join((text.translate(_INVISIBLE) if _INVISIBLE_RE.search(text) else text).split())


def strip_markup(html: str) -> str:
    try:
        from bs4 import BeautifulSoup

        with warnings.catch_warnings():  # bs4 warns on URL-like input; harmless
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(html, "lxml")
        for tag in soup(_DROP_TAGS):
            tag.decompose()
        for tag in soup(_BLOCK_TAGS):
            tag.insert_before(" ")
            tag.insert_after(" ")
        return soup.get_text()
    except Exception:  # broken markup must not break the run: crude fallback
        return _TAG_RE.sub(" ", html)
