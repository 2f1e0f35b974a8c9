"""Pure text helpers: titles, excerpts, languages and dates of partner posts.

Everything here is side-effect free (no I/O, no network) and never raises on
bad input: functions return "" or None instead, because one malformed item must
never break the whole aggregation run.

One module per job: `lexicon` (the words of every language we read), `text` (markup to text),
`codes` (language tags and names), `titles` and `titletext` (title markers, site names, a
title's markup), `excerpt`, `language` and `dates`. This package re-exports what the rest of
the aggregator, the tests and the benches use, so they import from `aggregator.extract` alone.
"""

from __future__ import annotations

from aggregator.extract.codes import normalize_language
from aggregator.extract.dates import parse_date

# Internals that tests/test_speed_equivalence.py checks against slow references,
# bench/lang_choice.py drives with another ranker and parse/article.py splits page titles
# with ("as" marks them re-exported on purpose).
from aggregator.extract.excerpt import _UNUSUAL_CHAR_RE as _UNUSUAL_CHAR_RE
from aggregator.extract.excerpt import _boilerplate_patterns as _boilerplate_patterns
from aggregator.extract.excerpt import _has_cue as _has_cue
from aggregator.extract.excerpt import _strip_boilerplate as _strip_boilerplate
from aggregator.extract.excerpt import cue_literals, fold_for_cues, make_excerpt
from aggregator.extract.language import _CYRILLIC_RUN_RE as _CYRILLIC_RUN_RE
from aggregator.extract.language import _LATIN_RUN_RE as _LATIN_RUN_RE
from aggregator.extract.language import _count as _count
from aggregator.extract.language import _detect as _detect
from aggregator.extract.language import _letters as _letters
from aggregator.extract.language import _ranked as _ranked
from aggregator.extract.language import _script as _script
from aggregator.extract.language import choose_language, detect_language
from aggregator.extract.lexicon import (
    APOSTROPHES,
    FOOTER_PATTERNS,
    READ_MORE_PHRASES,
    SHARE_MARKERS,
    SOCIAL_BUTTONS,
)
from aggregator.extract.text import plain_text, strip_markup, visible_text
from aggregator.extract.titles import _SITE_SEPARATOR_RE as _SITE_SEPARATOR_RE
from aggregator.extract.titles import _code_of as _code_of
from aggregator.extract.titles import _marker_patterns as _marker_patterns
from aggregator.extract.titles import clean_title, strip_language_marker, strip_site_name, strip_site_name_from_text
from aggregator.extract.titletext import title_text

__all__ = [
    "APOSTROPHES",
    "FOOTER_PATTERNS",
    "READ_MORE_PHRASES",
    "SHARE_MARKERS",
    "SOCIAL_BUTTONS",
    "choose_language",
    "clean_title",
    "cue_literals",
    "detect_language",
    "fold_for_cues",
    "make_excerpt",
    "normalize_language",
    "parse_date",
    "plain_text",
    "strip_language_marker",
    "strip_markup",
    "strip_site_name",
    "strip_site_name_from_text",
    "title_text",
    "visible_text",
]
