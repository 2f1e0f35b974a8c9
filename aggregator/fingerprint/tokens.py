"""Words of a text as the fingerprint compares them: normalised, each marked when it is a name.

Casefolded, without diacritics or apostrophes ("oʻzbek", "o'zbek" and "ozbek" are one word),
with the word tables (months, ordinals, generic title words) spelled the same way.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from aggregator.fingerprint.tables import APOSTROPHES, GENERIC_TITLE_WORDS, LETTER_FOLDS, MONTHS, ORDINALS, WEEKDAYS

# A word (a run of letters and digits) with what separates it from the previous one: words()
# reads the separator to tell whether the word starts a sentence.
_GAP_AND_WORD_RE = re.compile(r"([\W_]*)([^\W_]+)")
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES))
# str.translate looks up every character of a non-ASCII text in Python; most texts have no
# apostrophe at all, and this search finds that out in C.
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
# A word right after these starts a sentence, so its capital says nothing. After an opening
# quote it depends on what comes before the quote: «Феминита» mid-sentence is a name.
_SENTENCE_BREAK = frozenset(".!?:;(–—")
_OPENING_QUOTES = frozenset('«“„"')
_TITLE_CASE_SHARE = 0.6  # more capitalised words than this: "Title Case", capitals say nothing


class Word(NamedTuple):
    # A tuple, not a dataclass: summary_words is cached by its title words, and a tuple hashes
    # in C (a frozen dataclass's __hash__ runs Python code for every word, every lookup).

    text: str  # normalised: casefolded, diacritics and apostrophes gone
    name: bool  # capitalised mid-sentence: a name, place or organisation
    capital: bool  # written with a capital letter


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    # ё/е, й/и, ö/o: partners (and their keyboards) write these both ways, so marks go.
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(LETTER_FOLDS.get(char, char) for char in bare)


def _folded(table: list[str]) -> frozenset[str]:
    return frozenset(_fold(word.translate(_DROP_APOSTROPHES)) for word in table)


# The tables as words() spells them.
_MONTH_WORDS = _folded(MONTHS)
_ORDINAL_WORDS = _folded(ORDINALS)
_PLAIN_TITLE_WORDS = _folded(GENERIC_TITLE_WORDS) | _MONTH_WORDS
# English capitalises months and weekdays, other languages don't: they are not names.
_CALENDAR_WORDS = _MONTH_WORDS | _folded(WEEKDAYS)


_IS_NAME = operator.attrgetter("name")


def words(text: str, limit: int | None = None) -> list[Word]:
    """The words of a text (the first `limit`), normalised, each marked when it looks like a name."""
    text = unicodedata.normalize("NFC", text)
    if _APOSTROPHE_RE.search(text):
        text = text.translate(_DROP_APOSTROPHES)
    # All pairs at once in C, then cut: a loop over the matches cost more, stopping early or not.
    pairs = _GAP_AND_WORD_RE.findall(text)
    if limit is not None:
        del pairs[limit:]
    found = [_word_after(gap, raw, index == 0) for index, (gap, raw) in enumerate(pairs)]
    capitalised = sum(map(_IS_NAME, found))
    if len(found) >= 4 and capitalised > _TITLE_CASE_SHARE * (len(found) - 1):
        found = [Word(word.text, False, word.capital) for word in found]
    return found


def _texts(sequence: Sequence[Word]) -> list[str]:
    return [word.text for word in sequence]


def _informative(title: Sequence[Word]) -> int:
    """Title words that identify a post (not "Monthly", "Newsletter", a month, a number)."""
    return sum(1 for word in title if word.text not in _PLAIN_TITLE_WORDS and not word.text.isdigit())


@functools.lru_cache(maxsize=1 << 15)
def _word(raw: str, starts_sentence: bool) -> Word:
    # Words repeat across posts far more than they are new: one shared Word for each spelling
    # and position saves folding it and building it again (Word is immutable).
    capital = raw[0].isupper()
    return Word(_fold(raw), capital and not starts_sentence, capital)


@functools.lru_cache(maxsize=1 << 16)
def _word_after(gap: str, raw: str, first: bool) -> Word:
    """The word `raw` after `gap`; `first`: nothing came before the gap."""
    breaks = _breaks_sentence(gap)
    # The first word starts a sentence unless something before it says otherwise.
    return _word(raw, first if breaks is None else breaks)


@functools.lru_cache(maxsize=4096)
def _breaks_sentence(between: str) -> bool | None:
    """Whether `between` (the text between two words) ends a sentence; None when it holds
    nothing but spaces and opening quotes: then only the start of the text does. Cached: the
    same few separators (" ", ", ", ". ") come between almost all words."""
    tail = between.rstrip()
    if tail[-1:] in _OPENING_QUOTES:
        tail = tail[:-1].rstrip()
    if not tail:
        return None
    return tail[-1] in _SENTENCE_BREAK or tail.endswith(" -")
