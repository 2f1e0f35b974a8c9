"""Numbers a post tells, as compared across languages: digits ("20", "24-ноябрда", "2,000"),
number words and compounds of them ("twenty five", "жыйырма беш", "trettiotusen"), and months.
A translation keeps its numbers; another post has its own dates and counts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from aggregator.fingerprint.concepts import MONTH_ROWS, NUMBER_ROWS
from aggregator.fingerprint.lexicon import COMPOUNDING, Lexicon, look_up, parse_lexicons
from aggregator.fingerprint.tokens import Word

_LEADING_DIGITS_RE = re.compile(r"\d+")


@functools.cache
def _number_lexicon() -> dict[str, Lexicon]:
    # Months are told like numbers: a translation keeps the date, another post has its own.
    return parse_lexicons((NUMBER_ROWS, "#"), (MONTH_ROWS, "#m"), numbers=True)


@functools.lru_cache(maxsize=1 << 16)
def number_word(language: str, word: str) -> str | None:
    lexicon = _number_lexicon().get(language)
    found = look_up(lexicon, word) if lexicon else frozenset()
    return min(found)[1:] if found else None  # one value a word ("#20" -> "20")


def numbers_told(language: str, found: Iterable[Word]) -> set[str]:
    """Digits ("20", "24-ноябрда", "1st"), number words, compounds of them ("жыйырма беш" is
    25, "three hundred" 300) and months ("m11"). A weak word ("one", "бир") counts only inside
    a compound; zero never counts ("13:00" is 13)."""
    told: set[str] = set()
    run: list[str] = []

    def close_run() -> None:
        if run and not (len(run) == 1 and run[0].startswith("~")):
            total = current = 0.0
            for value in (float(part.lstrip("~")) for part in run):
                if value in (100.0, 1000.0):
                    current = max(current, 1.0) * value
                    if value == 1000.0:
                        total, current = total + current, 0.0
                else:
                    current += value
            value = total + current
            told.add(str(int(value)) if value == int(value) else str(value))
        run.clear()

    for word in found:
        digits = _LEADING_DIGITS_RE.match(word.text)
        if digits:
            close_run()
            if number := digits.group().lstrip("0"):
                told.add(number)
            continue
        value = number_word(language, word.text)
        if language in COMPOUNDING:
            value = _compound_number(language, word.text, value)
        if value is None and word.text in _NUMBER_JOINERS and run and run[-1] in ("100", "1000"):
            continue  # "two hundred and twenty", "tvåhundra och tjugo"
        if value is None:
            close_run()
        elif value.startswith("m") or value == "0.5":
            close_run()
            told.add(value)
        else:
            if run and _starts_anew(run[-1], value):
                close_run()  # "ett sextiotal", "one fifty-seat hall": no number says 1 then 60
            run.append(value)
    close_run()
    return told


_NUMBER_JOINERS = frozenset({"and", "och"})
_SWEDISH_MULTIPLIERS = (("tusen", 1000), ("hundra", 100))


def _compound_number(language: str, word: str, value: str | None) -> str | None:
    """A Swedish number written as one word ("trettiotusen", "femhundra"): the first part times
    the multiplier it ends in; `value` (what the word's start says) otherwise."""
    for ending, times in _SWEDISH_MULTIPLIERS:
        first = word.removesuffix(ending)
        number = number_word(language, first) if first != word and first else None
        if number is not None and not number.startswith("m"):
            return str(int(float(number.lstrip("~")) * times))
    return value


def _starts_anew(previous: str, value: str) -> bool:
    """Whether `value` cannot go on a compound number ending in `previous`: number words go
    from the larger to the smaller ("twenty five"), only "hundred" and "thousand" multiply."""
    before, now = float(previous.lstrip("~")), float(value.lstrip("~"))
    return now not in (100.0, 1000.0) and before < 100.0 and now >= before


# "2,000", "2 000", "12.500": one number written in groups of three, as the words "two thousand"
# of a translation say it (the word splitter would make "2" and "000" of it).
_DIGIT_GROUPS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d]|[.,]\d)")


def grouped_digits(text: str) -> str:
    return _DIGIT_GROUPS_RE.sub(lambda found: re.sub(r"\D", "", found.group()), text)
