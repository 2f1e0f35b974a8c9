"""An article page's own text (`main_text`), for sources set `full_text: true`: their feeds
give a title or one line, and the excerpt is taken from the article instead.

The page's menus, ads, related links and readers' comments are told from the article by
trafilatura, chosen by measurement over readability-lxml (bench/fulltext_eval.py: on 181 real
news pages with their text written out by people, the excerpt opened with the article's first
words on 158 pages against 118, in 10 ms a page against 15). Headings are left out: the headline
is already the story's title, and the excerpt is to open with the article's first sentences.

Pure and total: no I/O, never raises; a page it cannot read gives None.
"""

from __future__ import annotations

import logging
import warnings
from html import escape

import trafilatura
from lxml import html as lxml_html

from aggregator.extract import plain_text
from aggregator.models import RawEntry

# Pages larger than this are cut before extraction: the opening is all an excerpt needs, and the
# library's scoring grows with the page.
MAX_CHARACTERS = 2_000_000
# Extracted text shorter than this is a stub the library settled for (a caption, a cookie
# notice), not an article: the entry keeps what the feed gave.
MIN_TEXT = 80
# A feed item whose text is shorter than this gives "one line": a teaser, a subtitle, a date.
ONE_LINE = 200
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements whose text starts a new line: paragraphs stay apart in the text.
BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "br", "tr", "section", "article", "figure", "dd", "dt"})

# trafilatura logs what it thinks of odd pages; a partner's odd page is not the operator's concern.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def thin_entry(entry: RawEntry) -> bool:
    """The feed gives this item only its title or one line: its article has more to say."""
    text = max(plain_text(entry.summary or ""), plain_text(entry.content or ""), key=len)
    return len(text) < ONE_LINE or _folded(text) == _folded(plain_text(entry.title or ""))


def as_summary(text: str) -> str:
    """Main text as the markup an entry's summary holds: one paragraph a line, escaped (an
    article's "a < b" stays text when the excerpt is made)."""
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in text.splitlines() if line.strip())


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def main_text(html: str, url: str) -> str | None:
    """The main text of the article page `html` from `url`, paragraphs on their own lines."""
    try:
        if not isinstance(html, str) or not html.strip():
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # `fast`: its own heuristics without the fallback to other extractors, which scored
            # no better and took a third longer (bench/fulltext_eval.py).
            fragment = trafilatura.extract(
                html[:MAX_CHARACTERS],
                url=url or None,
                output_format="html",
                include_comments=False,
                include_tables=False,
                fast=True,
            )
        if not fragment:
            return None
        text = text_without_headings(fragment)
    except Exception:  # a page this odd gives no text rather than breaking the run
        return None
    return text if len(text) >= MIN_TEXT else None


def text_without_headings(fragment: str) -> str:
    """Plain text of an HTML fragment, headings left out, one line per block."""
    if not fragment or not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return ""
    for heading in list(root.iter(*HEADINGS)):
        if heading.getparent() is not None:
            heading.drop_tree()
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join(" ".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element: lxml_html.HtmlElement) -> None:
        block = isinstance(element.tag, str) and element.tag in BLOCKS
        if block:
            flush()
        if isinstance(element.tag, str) and element.text:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return "\n".join(lines)
