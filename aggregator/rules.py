"""Staff's include/exclude rules for a source, and whether a story's words pass them.

A rule is written in sources.yaml as one of:

- a word or phrase, matched as whole words: `fotboll` matches "Fotboll i dag", not "fotbollsklubb";
  the words of a phrase may be separated in the text by any spaces or punctuation;
- a word ending in `*`, for any ending: `футбол*` matches "футбола" (any word of a phrase may);
- a Python regular expression between slashes: `/Centralasi(en|a)/`.

Case and diacritics are ignored on both sides: the text and a plain rule are folded alike (NFKD,
combining marks and invisible format characters dropped, casefolded), so "Överklagande" matches
`overklagande` and "ЁЛКА" matches `елка`. Letters that are not a base letter plus a mark (Kazakh
ә ғ қ ң ө ұ ү һ і, Kyrgyz ң ө ү) stay themselves. A regular expression is never casefolded, since
that would turn `\\S` into `\\s`: it loses only its diacritics and is compiled case-insensitively.

Partner text is hostile: only the first few thousand characters of a title and an excerpt are
read, and nothing in them can make a verdict raise.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from aggregator.models import SourceConfig

# How much of a title and of an excerpt a rule looks at: enough for any real headline and
# excerpt, and a bound on the work a hostile partner (or a slow staff regex) can cause.
TITLE_LIMIT = 1_000
SUMMARY_LIMIT = 3_000

# Letters whose accent is part of the letter in Unicode (no decomposition), and the many ways of
# writing an apostrophe (Uzbek oʻ/gʻ is typed with any of them): made the same on both sides.
_SAME_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "\u02bb": "'",  # ʻ modifier letter turned comma (Uzbek Latin)
        "\u02bc": "'",  # ʼ modifier letter apostrophe
        "\u2018": "'",
        "\u2019": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u02b9": "'",
        "\u2032": "'",
    }
)
# A regular expression keeps every character its syntax uses: a compatibility form that
# decomposes to one of these (the small question mark ﹖ to ?) is left as written.
_REGEX_SYNTAX = frozenset("\\^$.|?*+()[]{}-#")
_DROPPED = frozenset({"Mn", "Me", "Cf"})  # combining marks; soft hyphens, zero-width spaces and the like


class RuleError(ValueError):
    """A rule cannot be used; the message says why in words for the person editing the config."""


@dataclass(frozen=True)
class Rule:
    text: str  # as written in the config, for staff to recognise
    pattern: re.Pattern[str]  # applied to folded text

    def matches(self, folded: str) -> bool:
        return self.pattern.search(folded) is not None


def _strip_marks(text: str, *, form: str = "NFKD") -> str:
    # Translated before (´ decomposes to a space and a mark) and after (ŉ decomposes to ʼn).
    decomposed = unicodedata.normalize(form, text.translate(_SAME_LETTERS)).translate(_SAME_LETTERS)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED)


def fold(text: str) -> str:
    """Text as rules see it: no diacritics, no invisible characters, casefolded."""
    return _strip_marks(text).casefold()


def _fold_regex(pattern: str) -> str:
    kept = []
    for ch in pattern:
        decomposed = unicodedata.normalize("NFKD", ch)
        if not ch.isascii() and any(part in _REGEX_SYNTAX for part in decomposed):
            decomposed = unicodedata.normalize("NFD", ch)
        kept.append(_strip_marks(decomposed, form="NFD"))
    return "".join(kept)


@functools.lru_cache(maxsize=4096)
def compile_rule(text: str) -> Rule:
    """One rule as written in the config.

    Raises:
        RuleError: empty, a `*` not ending a word, an unclosed `/`, a regular expression that
            does not compile or that matches any text.
    """
    written = text.strip()
    if not written:
        raise RuleError("is empty")
    if written.startswith("/"):
        return Rule(written, _regex(written))
    return Rule(written, _words(written))


def _regex(written: str) -> re.Pattern[str]:
    if written == "//":
        raise RuleError("'//' is an empty regular expression; it would match any text")
    if len(written) < 3 or not written.endswith("/"):
        raise RuleError(f"{written!r}: a regular expression is written between slashes, like /Centralasi(en|a)/")
    try:
        pattern = re.compile(_fold_regex(written[1:-1]), re.IGNORECASE)
    except (re.error, OverflowError, RecursionError) as error:
        raise RuleError(f"{written!r} is not a regular expression: {error}") from error
    if pattern.search("") is not None:
        raise RuleError(f"{written!r} matches any text, even none; it would decide nothing")
    return pattern


def _words(written: str) -> re.Pattern[str]:
    pattern, previous = "", ""
    for word in fold(written).split():
        prefix = word.endswith("*")
        stem = word[:-1] if prefix else word
        if "*" in stem:
            raise RuleError(f"{written!r}: a * may only end a word (write /.../ for anything else)")
        if not stem:
            raise RuleError(f"{written!r}: a * must follow the start of a word, like футбол*")
        starts_word, ends_word = _is_word_char(stem[0]), _is_word_char(stem[-1])
        if previous:
            # The words of a phrase may be apart in the text by spaces or punctuation ("human-rights").
            pattern += r"\W+" if _is_word_char(previous[-1]) and starts_word else r"\W*"
        pattern += (r"(?<!\w)" if starts_word else "") + re.escape(stem)
        pattern += r"\w*" if prefix else r"(?!\w)" if ends_word else ""
        previous = stem
    if not pattern:
        raise RuleError(f"{written!r} has nothing left to match once accents and invisible characters are dropped")
    return re.compile(pattern)


def _is_word_char(ch: str) -> bool:
    return re.match(r"\w", ch) is not None


@dataclass(frozen=True)
class SourceRules:
    """One source's rules, compiled: a story is kept when it matches an include rule (if there
    are any) and no exclude rule, in its title or its excerpt."""

    include: tuple[Rule, ...] = ()
    exclude: tuple[Rule, ...] = ()

    @staticmethod
    def of(source: SourceConfig) -> SourceRules:
        """The source's rules (compiled once per rule set). Raises RuleError for a bad rule;
        load_config has already refused those."""
        return _source_rules(source.include, source.exclude)

    def verdict(self, title: str | None, summary: str | None) -> str | None:
        """None: the story may be republished; otherwise why not, in a few words for staff."""
        if not self.include and not self.exclude:
            return None
        texts = [fold(text[:limit]) for text, limit in ((title, TITLE_LIMIT), (summary, SUMMARY_LIMIT)) if text]
        for rule in self.exclude:
            if any(rule.matches(text) for text in texts):
                return f"exclude rule {rule.text!r}"
        if self.include and not any(rule.matches(text) for rule in self.include for text in texts):
            return "no include rule matched"
        return None


@functools.lru_cache(maxsize=1024)
def _source_rules(include: tuple[str, ...], exclude: tuple[str, ...]) -> SourceRules:
    return SourceRules(tuple(compile_rule(text) for text in include), tuple(compile_rule(text) for text in exclude))
