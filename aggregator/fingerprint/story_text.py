"""The title and summary of a post as fingerprints and deciders read them, and the fingerprint text.

What copies of one story add or drop around the text goes: a language marker, a reposting
partner's "Repost:" prefix, a dateline or lead-in, the title repeated before the text, "Read
more" at the end. `fingerprint_text` is the normalised text SimHash is made from.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator import extract
from aggregator.fingerprint.parameters import COMPARE_WORDS, MIN_SUMMARY_WORDS, SUMMARY_WORDS
from aggregator.fingerprint.tables import REPOST_PREFIXES
from aggregator.fingerprint.tokens import Word, _texts, words

# "NUKUS.", "АЛМАТЫ —", "BISHKEK, 12 May —": a wire dateline one copy has and another not.
_DATELINE_RE = re.compile(r"^\s*(?P<place>[^\W\d_][^\W\d_ -]*(?:[ -][^\W\d_]+){0,2})(?:,[^.:—–]{0,25})?\s*[.:—–-]\s+")
# "Kazakhstan:", "Our partner Novi Ritm writes:", "KobieTY writes:": a lead-in before the text.
_LEAD_IN_RE = re.compile(r"^\s*(?P<lead>[^.!?:\n]{1,50}):\s+")
MAX_LEAD_IN_WORDS = 6
TRAILING_WORDS = 8  # the longest "Read more" phrase, in words, with room to spare


@functools.cache
def _repost_prefix_re() -> re.Pattern[str]:
    names = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(REPOST_PREFIXES, key=len, reverse=True))
    return re.compile(rf"^\s*[\[(]?(?:{names})[\])]?\s*[:|–—-]\s*", re.IGNORECASE)


@functools.cache
def _trailing_boilerplate_re() -> re.Pattern[str]:
    # Items come through extract.make_excerpt already, but a copy scraped elsewhere may still
    # end in "Read more"; punctuation ("[…]", "...") never reaches the word list anyway.
    phrases = "|".join(re.escape(p) for p in sorted(extract.READ_MORE_PHRASES, key=len, reverse=True))
    return re.compile(rf"(?:\s*[\[(]?(?:{phrases})\s*[→»›>.…\])]*)+\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _title_text(title: str) -> str:
    """The title without the language marker and a reposting partner's prefix."""
    clean, _marker = extract.clean_title(title)
    return _repost_prefix_re().sub("", clean)


@functools.lru_cache(maxsize=4096)
def title_words(title: str) -> tuple[Word, ...]:
    """Title words without the language marker and a reposting partner's prefix."""
    return tuple(words(_title_text(title)))


@functools.cache
def _read_more_endings() -> tuple[str, ...]:
    return extract.cue_literals(extract.READ_MORE_PHRASES, at_end=True)


def _may_end_in_read_more(text: str) -> bool:
    """False only when _trailing_boilerplate_re cannot match: the text does not end in a "Read
    more" phrase followed by arrows, dots or brackets. The pattern tries every phrase at every
    position, which costs more than the rest of _summary_words."""
    folded = extract.fold_for_cues(text)
    return folded is None or folded.rstrip("→»›>.…]) ").endswith(_read_more_endings())


def _strip_lead_in(summary: str) -> str:
    dateline = _DATELINE_RE.match(summary)
    if dateline and dateline.group("place").isupper() and len(dateline.group("place")) >= 3:
        summary = summary[dateline.end() :]
    lead = _LEAD_IN_RE.match(summary)
    if lead and len(lead.group("lead").split()) <= MAX_LEAD_IN_WORDS:
        summary = summary[lead.end() :]
    return summary


def summary_words(summary: str, title: Sequence[Word] = (), limit: int | None = None) -> tuple[Word, ...]:
    """The opening words of a summary (`limit`, default SUMMARY_WORDS), without what copies
    add or drop around the text: a dateline or lead-in ("Kazakhstan:", "Our partner X
    writes:"), the title repeated before the text (scraped news pages), "Read more" at the end."""
    return _summary_words(summary, tuple(title), SUMMARY_WORDS if limit is None else limit)


@functools.lru_cache(maxsize=4096)
def _summary_words(summary: str, title: tuple[Word, ...], limit: int) -> tuple[Word, ...]:
    text = _strip_lead_in(summary)
    window = limit + len(title) + 1
    short = len(text.split(maxsplit=window + TRAILING_WORDS)) <= window + TRAILING_WORDS
    if short and _may_end_in_read_more(text):  # only a short text ends inside the window
        text = _trailing_boilerplate_re().sub("", text)
    found = words(text, window)
    if _repeats_title(found, title):
        found = found[len(title) :]
    return tuple(found[:limit])


def _repeats_title(found: Sequence[Word], title: Sequence[Word]) -> bool:
    # Only when a new sentence follows: a headline made of the text's opening words
    # ("Youth Bank announces grants" + "of up to 50 000 som...") is not a repeated title.
    if not title or _texts(found[: len(title)]) != _texts(title):
        return False
    return len(found) == len(title) or found[len(title)].capital


@dataclass(frozen=True, eq=False)
class StoryText:
    """A post's title and summary as the fingerprint, the index keys and the deciders read them.
    Worked out once per post (`story_text`, Candidate.text): a matcher compares one new item
    with several known ones, and each comparison read the same words again."""

    title: tuple[Word, ...]  # title_words
    summary_text: str  # the summary as given, which the words below are read from

    # Worked out on first use (cached_property writes the instance's dict, frozen or not): a
    # stored story compared with a new item needs `compared` only, a new item `summary` first.
    @functools.cached_property
    def summary(self) -> tuple[Word, ...]:
        """The opening SUMMARY_WORDS words (fingerprint, text keys)."""
        return summary_words(self.summary_text, self.title)

    @property
    def short(self) -> bool:
        """Fewer than MIN_SUMMARY_WORDS summary words: the fingerprint is made with the title."""
        return len(self.summary) < MIN_SUMMARY_WORDS

    @functools.cached_property
    def compared(self) -> tuple[Word, ...]:
        """The opening COMPARE_WORDS words, which same_story aligns."""
        return summary_words(self.summary_text, self.title, COMPARE_WORDS)

    @functools.cached_property
    def compared_counts(self) -> Counter[str]:
        """`compared` as a multiset of words, for likeness's cheap bound."""
        return Counter(_texts(self.compared))

    @functools.cached_property
    def numbers(self) -> frozenset[str]:
        """The numbers `compared` tells."""
        return frozenset(text for text in self.compared_counts if text.isdigit())

    @functools.cached_property
    def title_counts(self) -> Counter[str]:
        return Counter(_texts(self.title))


@functools.lru_cache(maxsize=4096)
def story_text(title: str, summary: str) -> StoryText:
    """The StoryText of a title and summary. Cached by the texts (a str hashes once): the
    fingerprint, the index keys and Candidate.text of one post all ask for it."""
    return StoryText(title_words(title), summary)


def short_summary(title: str, summary: str) -> bool:
    """Whether the summary has fewer than MIN_SUMMARY_WORDS words (after what copies add or
    drop), so the fingerprint is made with the title in front: it then sits far from a copy
    with a longer excerpt or another headline, and distance says little."""
    return story_text(title, summary).short


def fingerprint_text(title: str, summary: str) -> str:
    """The normalised text a fingerprint is made from: casefolded, without diacritics,
    punctuation, markers or boilerplate; the opening SUMMARY_WORDS words of the summary, with
    the title in front only when the summary has fewer than MIN_SUMMARY_WORDS words."""
    text = story_text(title, summary)
    chosen = text.summary if not text.short else (*text.title, *text.summary)
    return " ".join(word.text for word in chosen)
