"""Titles: a partner's language marker ("[EN]", "Русский: ...") and the site's own name cut off."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from aggregator.extract.codes import fold_name, name_lookup, name_pattern
from aggregator.extract.lexicon import BRACKET_CODES, LANGUAGE_NAMES, MARKER_QUALIFIERS, UNBRACKETED_AMBIGUOUS
from aggregator.extract.text import plain_text


@functools.cache
def _marker_patterns() -> tuple[re.Pattern[str], ...]:
    all_names = [n for names in LANGUAGE_NAMES.values() for n in names]
    plain_names = [n for n in all_names if n not in UNBRACKETED_AMBIGUOUS]
    codes = [c for cs in BRACKET_CODES.values() for c in cs]
    quals = name_pattern(MARKER_QUALIFIERS)
    body = rf"(?:(?P<name>{name_pattern(all_names)})|(?P<code>{name_pattern(codes)}))(?:\s+(?:{quals}))?"
    plain = rf"(?P<name>{name_pattern(plain_names)})"
    flags = re.IGNORECASE
    return (
        re.compile(rf"^[\[(]\s*{body}\s*[\])]\s*(?:[-–—:|]\s*)?", flags),  # "[English] X"
        re.compile(rf"\s*(?:[-–—:|]\s*)?[\[(]\s*{body}\s*[\])]$", flags),  # "X (English)"
        re.compile(rf"^{plain}\s*[:|]\s+", flags),  # "English: X"
        re.compile(rf"\s+[|–—-]\s+{plain}$", flags),  # "X | English"
    )


# What each of _marker_patterns needs in a title (whitespace collapsed, no newline) to match.
_MARKER_CUES: tuple[Callable[[str], bool], ...] = (
    lambda title: title[:1] in "[(",  # "[English] X"
    lambda title: title[-1:] in "])",  # "X (English)"
    lambda title: ":" in title or "|" in title,  # "English: X"
    lambda title: "|" in title or "–" in title or "—" in title or "-" in title,  # "X | English"
)


def _code_of(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("name"):
        return name_lookup().get(fold_name(groups["name"]))
    code = fold_name(groups.get("code") or "")
    return next((lang for lang, cs in BRACKET_CODES.items() if code in cs), None)


def clean_title(raw: str | None) -> tuple[str, str | None]:
    """Strip one leading and/or trailing language marker; return (title, code)."""
    return strip_language_marker(plain_text(raw))


def strip_language_marker(title: str) -> tuple[str, str | None]:
    """`clean_title` of a title already plain text (`titletext.title_text`), kept as it is."""
    found: str | None = None
    for pattern, may_match in zip(_marker_patterns(), _MARKER_CUES, strict=True):
        # Most titles carry no marker: a look at one character spares a search at every position.
        match = pattern.search(title) if may_match(title) else None
        if not match:
            continue
        code = _code_of(match)
        if code is None:
            continue
        found = found or code
        title = (title[: match.start()] + title[match.end() :]).strip()
    return " ".join(title.split()), found


# Separators between a title and the site's name, spaced: "Camp – Novi Ritm", "CAG | Camp".
# A colon is left out on purpose: "Amnesty International: release the activists" names the
# speaker, not the site.
_SITE_SEPARATOR_RE = re.compile(r"\s+(?:\||–|—|-|::|»|«|·|•)\s+")
MIN_SITE_PART = 4  # a shorter piece of a page title ("Osh") is never taken for the site's name
_TRAILING_NOTE_RE = re.compile(r"\s*\([^()]*\)$")  # "CAG (blog page)" as configured


def _fold_site(name: str) -> str:
    """Compare names loosely: case, quotes and punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


# Every entry of a page asks with the same names: the forms are worked out once per page.
@functools.lru_cache(maxsize=1024)
def _site_name_forms(site_names: tuple[str, ...]) -> frozenset[str]:
    """The names, plus the parts of a "Section – Site" page title that another name confirms."""
    names = [plain_text(n) for n in site_names]
    forms = {_fold_site(n) for n in names} | {_fold_site(_TRAILING_NOTE_RE.sub("", n)) for n in names}
    forms.discard("")
    confirmed = set(forms)
    for name in names:
        for part in map(_fold_site, _SITE_SEPARATOR_RE.split(name)):
            # "Kirgizistan – Centralasiengrupperna": only the part another name repeats counts,
            # so a section name ("Kirgizistan") is never taken for the site.
            if len(part) >= MIN_SITE_PART and any(_names_overlap(part, form) for form in forms - {_fold_site(name)}):
                confirmed.add(part)
    return frozenset(confirmed)


def _names_overlap(one: str, other: str) -> bool:
    """One folded name begins or ends the other, whole words: "novi ritm" ~ "novi ritm osh"."""
    short, long = sorted((one.split(), other.split()), key=len)
    return bool(short) and (long[: len(short)] == short or long[-len(short) :] == short)


def strip_site_name(title: str, site_names: Sequence[str]) -> str:
    """`title` without the site's name glued to its end or start.

    "Camp report – Novi Ritm" and "Novi Ritm | Camp report" become "Camp report" when "Novi
    Ritm" is one of `site_names` (the source's configured name, the feed or page title,
    og:site_name). Conservative: only a whole name behind a spaced separator is cut, never
    after a colon, and a title that is nothing but the name is returned unchanged.
    """
    return strip_site_name_from_text(plain_text(title), site_names)


def strip_site_name_from_text(text: str, site_names: Sequence[str]) -> str:
    """`strip_site_name` of a title already plain text (`titletext.title_text`)."""
    try:
        forms = _site_name_forms(tuple(n for n in site_names or () if isinstance(n, str)))
        separators = list(_SITE_SEPARATOR_RE.finditer(text))
        if not forms or not separators:
            return text
        last, first = separators[-1], separators[0]
        if _fold_site(text[last.end() :]) in forms:
            text = text[: last.start()]
        if first.start() < len(text) and _fold_site(text[: first.start()]) in forms:
            text = text[first.end() :]
        return text.strip()
    except Exception:  # extraction never raises
        return text
