"""The concept and number tables of concepts.py as per-language lexicons: whole words and stem
prefixes, each with the concept ids (or number values) it stands for. Read by translation (what
a post is about) and numbers (what it counts and dates)."""

from __future__ import annotations

from dataclasses import dataclass

from aggregator.fingerprint.concepts import LANGUAGES
from aggregator.fingerprint.tables import APOSTROPHES
from aggregator.fingerprint.tokens import _fold

_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES))
# Swedish writes compounds as one word: "filmfestivalen", "trettiotusen".
COMPOUNDING = frozenset({"sv"})


@dataclass(frozen=True)
class Lexicon:
    """One language's stems: whole words, and prefixes (the longest that fits wins)."""

    exact: dict[str, frozenset[str]]
    prefixes: dict[str, frozenset[str]]
    longest: int


def parse_lexicons(*tables: tuple[str, str], numbers: bool = False) -> dict[str, Lexicon]:
    """The lexicons of `tables`, (rows, tag before each concept id): "#" for numbers, "#m" for
    months (a month is told like a number)."""
    exact: dict[str, dict[str, set[str]]] = {language: {} for language in LANGUAGES}
    prefixes: dict[str, dict[str, set[str]]] = {language: {} for language in LANGUAGES}
    for rows, tag in tables:
        for line in _rows(rows):
            fields = [field.strip() for field in line.split("|")]
            if len(fields) != len(LANGUAGES) + 1:
                raise ValueError(f"concept row with {len(fields)} fields: {line!r}")
            concept, stems_by_language = fields[0], fields[1:]
            for language, stems in zip(LANGUAGES, stems_by_language, strict=True):
                for stem in stems.split():
                    whole = stem.endswith("=")
                    folded = _fold(stem.rstrip("=").translate(_DROP_APOSTROPHES))
                    table = exact if whole else prefixes
                    for spelling in (folded,) if numbers else _spellings(language, folded, whole):
                        meanings = table[language].setdefault(spelling, set())
                        if concept != "-":
                            meanings.add(tag + concept)
    return {
        language: Lexicon(
            {stem: frozenset(found) for stem, found in exact[language].items()},
            {stem: frozenset(found) for stem, found in prefixes[language].items()},
            max(map(len, prefixes[language]), default=0),
        )
        for language in LANGUAGES
    }


def _rows(rows: str) -> list[str]:
    """A table's rows, each long row's indented lines joined to it."""
    lines: list[str] = []
    for line in filter(str.strip, rows.splitlines()):
        if line[0].isspace() and lines:  # a long row goes on
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


# Kyrgyz and Kazakh voice a stem's last consonant before a vowel: "мектеп", "мектеби";
# "сабак", "сабагы"; "тұрақ", "тұрағы".
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}


def _spellings(language: str, stem: str, whole: bool) -> tuple[str, ...]:
    if language in ("ky", "kk") and not whole and len(stem) >= 5 and stem[-1] in _VOICED:
        return stem, stem[:-1] + _VOICED[stem[-1]]
    return (stem,)


def look_up(lexicon: Lexicon, word: str) -> frozenset[str]:
    found = lexicon.exact.get(word, frozenset())
    for end in range(min(len(word), lexicon.longest), 1, -1):
        meanings = lexicon.prefixes.get(word[:end])
        if meanings is not None:
            return found | meanings
    return found
