"""Excerpts: a plain-text teaser of a post, the CMS's boilerplate ("Read more", share buttons,
feed footers) removed; cheap cue tests spare the costly patterns on most texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from aggregator.extract.codes import name_pattern
from aggregator.extract.lexicon import APOSTROPHES, FOOTER_PATTERNS, READ_MORE_PHRASES, SHARE_MARKERS, SOCIAL_BUTTONS
from aggregator.extract.text import plain_text


@functools.cache
def _boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    read_more = name_pattern(READ_MORE_PHRASES)
    arrows = r"[→»›>…]|\.{3}"
    footers = "|".join(
        rf"{name_pattern([start])}\s(?:(?!{name_pattern([start])}\s).)*?\s{name_pattern([middle])}\s.*$"
        for start, middle in FOOTER_PATTERNS
    )
    share = name_pattern(SHARE_MARKERS)
    social = name_pattern(SOCIAL_BUTTONS)
    return (
        # Footer "The post X appeared first on Y." (last "The post" before it).
        re.compile(rf"\s*(?:{footers})", re.IGNORECASE | re.DOTALL),
        # Share widgets run to the end of the text.
        re.compile(rf"\s*(?:{share}).*$", re.IGNORECASE | re.DOTALL),
        re.compile(rf"(?:\s+(?:{social})){{2,}}\s*$", re.IGNORECASE),
        # "Read more" at the end after punctuation (any case) ...
        re.compile(
            rf"(?:^|(?<=[.!?…\]):»”\"]))\s*[\[(]?\s*(?:{read_more})(?:\s*(?:{arrows}))*\s*[\])]?(?:\s*(?:{arrows}))*\s*$",
            re.IGNORECASE,
        ),
        # ... or capitalised like a link label, at the end.
        re.compile(rf"\s+[\[(]?(?:{read_more})[\])]?(?:\s*(?:{arrows}))*\s*$"),
        # "… Continue reading <title>": after an ellipsis the rest is link text.
        re.compile(rf"(?:(?<=…)|(?<=\.\.\.)|(?<=\]))\s*(?:{read_more})\b.{{0,150}}$", re.IGNORECASE),
        # "Read more »", "Continue reading <title> →" anywhere.
        re.compile(rf"\s*(?:{read_more})\b[^→»›]{{0,120}}?\s*[→»›]+", re.IGNORECASE),
        # Elision markers "[…]" anywhere, and a trailing "…"/"...".
        re.compile(r"\s*\[\s*(?:…|\.{3})\s*\]"),
        re.compile(r"\s*(?:…|\.{3,})\s*$"),
    )


@functools.cache
def _boilerplate_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every boilerplate phrase, lower-cased, with its apostrophes dropped: plain substring tests
    on these decide cheaply whether the costly patterns need to run at all. Those in ASCII
    first: only they can be in a text in ASCII; a phrase containing another is left out."""
    phrases = [*READ_MORE_PHRASES, *SHARE_MARKERS, *SOCIAL_BUTTONS, *(middle for _, middle in FOOTER_PATTERNS)]
    cues = {_cue_form(phrase) for phrase in phrases}
    shortest = sorted(cue for cue in cues if not any(other != cue and other in cue for other in cues))
    return tuple(cue for cue in shortest if cue.isascii()), tuple(cue for cue in shortest if not cue.isascii())


def _cue_form(text: str) -> str:
    return re.sub(rf"[{APOSTROPHES}]", "", text.lower())


def _has_cue(text: str) -> bool:
    # Substrings, not words: "pin" in "opinion" counts. That only lets the patterns run; each
    # one also has its own test below (_boilerplate_checks), which spares it in that case.
    lowered = _cue_form(text)
    ascii_cues, other_cues = _boilerplate_cues()
    return any(cue in lowered for cue in ascii_cues) or (
        not lowered.isascii() and any(cue in lowered for cue in other_cues)
    )


# Lower-casing agrees with re.IGNORECASE for every character in these blocks (Latin, Cyrillic,
# punctuation, currency, letterlike symbols but the Kelvin and Ångström signs, arrows, emoji), as
# far as the boilerplate phrases go: tests/test_speed_equivalence.py checks it. Elsewhere a few
# letters fold differently ("ſ" matches "s", "ı" matches "i"), so a text holding any other
# character skips the cheap tests below.
_UNUSUAL_CHAR_RE = re.compile(
    r"[^\x00-\u012f\u0132-\u017e\u0180-\u024f\u0400-\u052f\u2000-\u20cf\u2100-\u2129\u212c-\u214f"
    r"\u2190-\u21ff\ufe00-\ufe0f\U0001f000-\U0001faff]"
)


def fold_for_cues(text: str) -> str | None:
    """`text` lower-cased with whitespace runs made one space, for substring tests that tell
    when an IGNORECASE pattern of phrases (spaces matched as \\s+) cannot match: a pattern can
    only match where the folded text holds one of its phrases, folded the same way (see
    `cue_literals`). None when unusual characters make such a test unsafe: run the pattern."""
    if _UNUSUAL_CHAR_RE.search(text):
        return None
    return " ".join(text.lower().split())


def cue_literals(phrases: Sequence[str], *, at_end: bool = False) -> tuple[str, ...]:
    """Folded pieces one of which every match of `phrases` contains: the longest piece between
    optional apostrophes ("Batafsil oʻqish" also matches "Batafsil oqish"), or with `at_end` the
    last piece, for patterns where the phrase ends the text."""
    literals = set()
    for phrase in phrases:
        pieces = " ".join(phrase.lower().split()).split("ʻ")
        literals.add(pieces[-1] if at_end else max(pieces, key=len))
    return tuple(sorted(literals))


class _CueView:
    """One version of the text being cleaned, folded for the cheap tests only if one needs it."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def folded(self) -> str | None:
        return fold_for_cues(self.text)

    def contains(self, literals: tuple[str, ...]) -> bool:
        folded = self.folded
        return folded is None or any(literal in folded for literal in literals)

    def ends_with(self, literals: tuple[str, ...], *, after: str = "") -> bool:
        """Whether the text may end in one of `literals` followed only by `after` characters."""
        folded = self.folded
        return folded is None or folded.rstrip(after + " ").endswith(literals)


# Characters _boilerplate_patterns allow after a closing "Read more": arrows, "...", brackets.
_AFTER_READ_MORE = "→»›>….])"


@functools.cache
def _boilerplate_checks() -> tuple[tuple[re.Pattern[str], Callable[[_CueView], bool], bool], ...]:
    """Each of _boilerplate_patterns with a cheap test that is False only when the pattern cannot
    match, and whether it needs a cue phrase in the text (all but the elision patterns)."""
    footers = cue_literals([middle for _, middle in FOOTER_PATTERNS])
    share = cue_literals(SHARE_MARKERS)
    social = cue_literals(SOCIAL_BUTTONS, at_end=True)
    more = cue_literals(READ_MORE_PHRASES)
    more_at_end = cue_literals(READ_MORE_PHRASES, at_end=True)
    # One test per pattern, in the patterns' order (zip below checks the count).
    tests: list[Callable[[_CueView], bool]] = [
        lambda view: view.contains(footers),  # "The post X appeared first on Y."
        lambda view: view.contains(share),  # "Share this: ..." to the end
        lambda view: view.ends_with(social),  # "Facebook Twitter" at the end
        lambda view: view.ends_with(more_at_end, after=_AFTER_READ_MORE),  # "Read more »" at the end
        lambda view: view.ends_with(more_at_end, after=_AFTER_READ_MORE),  # ... capitalised
        lambda view: view.contains(more),  # "… Continue reading <title>"
        lambda view: any(arrow in view.text for arrow in "→»›") and view.contains(more),  # "Read more »" anywhere
        # The elision patterns need "[" and "]", or a trailing "…"/"...": no folding needed.
        lambda view: "[" in view.text and "]" in view.text,
        lambda view: view.text.rstrip().endswith(("…", "...")),
    ]
    patterns = _boilerplate_patterns()
    return tuple(
        (pattern, test, index < len(patterns) - 2)
        for index, (pattern, test) in enumerate(zip(patterns, tests, strict=True))
    )


def _strip_boilerplate(text: str) -> str:
    # Most excerpts only end in "[…]": without a cue phrase only the elision patterns apply.
    # The cue is looked for (once, in the original text) only when a pattern may match at all.
    original, cued = text, None
    # Repeat: removing one piece ("Share this:") can expose another ("[…]").
    for _ in range(4):
        before = text
        view = _CueView(text)
        for pattern, may_match, needs_cue in _boilerplate_checks():
            if needs_cue:
                cued = _has_cue(original) if cued is None else cued
                if not cued:
                    continue
            if not may_match(view):
                continue
            stripped = pattern.sub(" ", text)
            if stripped != text:
                text, view = stripped, _CueView(stripped)
        text = " ".join(text.split())
        if text == before:
            break
    return text


def make_excerpt(html: str | None, limit: int) -> str:
    """Plain-text teaser of at most `limit` characters, boilerplate removed."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return ""
    if limit <= 0:
        return ""
    # Only the start of a long text can reach the excerpt, so boilerplate is looked for in a
    # window a little longer than the limit: the patterns' cost no longer grows with the article.
    text = _strip_boilerplate(plain_text(html)[: limit + _WINDOW_SLACK])
    return text if len(text) <= limit else _truncate(text, limit)


_WINDOW_SLACK = 400


_SENTENCE_END_RE = re.compile(r"[.!?](?= )")
_TRAILING_JUNK = " ,;:-–—(["


def _truncate(text: str, limit: int) -> str:
    """Cut at a sentence end (if that keeps >= 60%) else a word boundary, add "…"."""
    # Sentence cut ends "Foo bar. …" (space keeps the final full stop readable).
    window = text[: limit - 1]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(window) if m.end() <= limit - 2]
    if ends and ends[-1] >= 0.6 * limit:
        return text[: ends[-1]] + " …"
    # Word cut: text[limit - 1] being a space means text[:limit-1] is whole words.
    cut = text.rfind(" ", 0, limit)
    kept = text[:cut].rstrip(_TRAILING_JUNK) if cut > 0 else ""
    return kept + "…" if kept else ""
