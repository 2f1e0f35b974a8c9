"""A partner's title -> the text readers see: markup removed only where it is markup.

Some formats say what a title is. Atom `type="text"` and JSON Feed titles are plain text, and
so are titles read off an HTML page (the parser already turned them into text): they are shown
as written, "History of the <blink> tag" included. Atom `type="html"`/`"xhtml"` titles are
HTML, and RSS titles are HTML in practice, though RSS does not say so: a feed writing
`Why x&lt;y and y&gt;z` means the text "Why x<y and y>z", one writing `&lt;b&gt;bold&lt;/b&gt;`
means bold.

In a title that may carry HTML, a "<" starts markup only when it is plainly a tag: a known HTML
element closed later in the title ("<b>bold</b>") or one that never has content ("<br>",
"<img ...>"), a closing tag ("</i>"), or a comment. Every other "<" is text, so "Why x<y and
y>z" and "if a<b and b>c" keep every character. Entities are decoded by the HTML parser, then
again while one is left (feeds double-escape: "&amp;#8211;"); what decoding reveals is text,
never markup again.
"""

from __future__ import annotations

import html
import re

from lxml.html import defs

from aggregator.extract.text import MARKUP_HINT, strip_markup, visible_text

_ELEMENTS = frozenset(defs.tags)
_VOID_ELEMENTS = frozenset(defs.empty_tags)
# Every "<", with the comment or tag it may open: a tag name followed by what may follow one.
_TAG_START_RE = re.compile(r"<(?:!--|(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>]|$))?")
_CLOSING_TAG_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)\s*>")
_ENTITY_ROUNDS = 2  # after the parser's own decoding; as many as plain_text ever undid


def title_text(raw: str | None, *, is_text: bool = False) -> str:
    """The title as readers see it, whitespace collapsed; `is_text`: the format declared the
    title plain text, so nothing in it is markup or an entity."""
    if not isinstance(raw, str) or not raw:
        return ""
    text = raw if is_text else _html_to_text(raw)
    return visible_text(text)


def _html_to_text(raw: str) -> str:
    if MARKUP_HINT.search(raw):
        # Where each element is last closed, found in one pass: asking at every "<" whether a
        # closing tag follows would take quadratic time on a hostile 100,000-character title.
        last_closed = {match.group(1).lower(): match.start() for match in _CLOSING_TAG_RE.finditer(raw)}
        text = strip_markup(_TAG_START_RE.sub(lambda match: _escaped_unless_markup(match, last_closed), raw))
    else:
        text = html.unescape(raw) if "&" in raw else raw
    for _ in range(_ENTITY_ROUNDS):
        unescaped = html.unescape(text) if "&" in text else text
        if unescaped == text:
            break
        text = unescaped
    return text


def _escaped_unless_markup(match: re.Match[str], last_closed: dict[str, int]) -> str:
    return match.group(0) if _is_markup(match, last_closed) else "&lt;" + match.group(0)[1:]


def _is_markup(match: re.Match[str], last_closed: dict[str, int]) -> bool:
    closing, name = match.groups()
    if name is None:
        return match.group(0) == "<!--"
    name = name.lower()
    if name not in _ELEMENTS:
        return False
    if closing or name in _VOID_ELEMENTS:
        return True
    # "a<b and b>c" opens no element: an open tag counts only when its element is closed.
    return last_closed.get(name, -1) > match.start()
