"""Whether two posts in two languages tell the same thing, read through the concept lexicon.

A translation changes every word but keeps what the post is about: its concepts ("court",
"school", "applications": `concepts.CONCEPT_ROWS`), its names (compared by `skeleton`, so
"Kyrgyzstan" and "Кыргызстан" agree) and its numbers, as digits or words ("twenty", "жыйырма",
"20"). `told` reads these from the title and the summary's opening; `translation_likeness`
scores two posts by what they share, over the smaller of the two (an excerpt cut shorter on
the news page than in the feed still agrees), or None when they cannot be one post: a number
of each missing from the other (another date, another count), a city of each, kinds of post
or subjects that differ (a forum and a school; water and pastures). The caller checks the
rest (languages, site, dates): see versions.translation_score.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.fingerprint.concepts import (
    CITIES,
    CONCEPT_ROWS,
    DISTRICT_WORDS,
    EVENT_KINDS,
    GROUP_CLASSES,
    HAPPENING_CLASSES,
    KIND_CLASSES,
    LANGUAGES,
    LOCATIVE_ENDINGS,
    PLACE_PREPOSITIONS,
    PLACE_ROWS,
    POST_KINDS,
    STAGE_CLASSES,
    SUBJECT_CLASSES,
)
from aggregator.fingerprint.lexicon import COMPOUNDING, Lexicon, look_up, parse_lexicons
from aggregator.fingerprint.numbers import grouped_digits, number_word, numbers_told
from aggregator.fingerprint.parameters import (
    TRANSLATION_BROAD_WEIGHT,
    TRANSLATION_MIN_SHARED,
    TRANSLATION_MIN_SPECIFIC,
    TRANSLATION_SHARE,
    TRANSLATION_SUMMARY_WORDS,
    TRANSLATION_TITLE_SHARE,
    TRANSLATION_YEAR_WEIGHT,
)
from aggregator.fingerprint.story_text import summary_words, title_words
from aggregator.fingerprint.tables import TRANSLITERATION
from aggregator.fingerprint.tokens import _CALENDAR_WORDS, Word

_VOWELS_RE = re.compile(r"[aeiouyh]+")


def skeleton(word: str) -> str:
    """A name as compared across languages and scripts: its first consonants. "Kyrgyzstan",
    "Kirgizistan" and "Кыргызстан" all become "krg", "Poland" and "Polen" "pln". "h" goes too:
    Russian writes "Казахстан" (kh), Kazakh "Қазақстан" (k). "Джалал-Абад" and Kyrgyz
    "Жалал-Абад" are "Jalal-Abad"; "Жанна" is "Zhanna" either way."""
    latin = word.replace("дж", "j").translate(TRANSLITERATION).replace("zh", "j")
    return (latin[:1] + _VOWELS_RE.sub("", latin[1:]))[:3]


@functools.cache
def _concept_lexicon() -> dict[str, Lexicon]:
    return parse_lexicons((CONCEPT_ROWS, ""), (PLACE_ROWS, ""))


@functools.lru_cache(maxsize=1 << 16)
def word_concepts(language: str, word: str) -> frozenset[str]:
    """The concepts a (folded) word of `language` stands for; empty for another word. A Swedish
    compound also stands for its last part ("filmfestivalen" is a film and a festival)."""
    lexicon = _concept_lexicon().get(language)
    if not lexicon:
        return frozenset()
    found = look_up(lexicon, word)
    return found | _compound_head(lexicon, word) if language in COMPOUNDING else found


_MIN_COMPOUND_PART = 4
_MAX_ENDING = 3  # "-en", "-et", "-erna" less its stem's last letters


def _compound_head(lexicon: Lexicon, word: str) -> frozenset[str]:
    """The concepts of a compound's last part: the longest tail that is a stem of at least
    _MIN_COMPOUND_PART letters with at most _MAX_ENDING letters of ending after it."""
    for start in range(_MIN_COMPOUND_PART - 1, len(word) - _MIN_COMPOUND_PART + 1):
        tail = word[start:]
        for end in range(len(tail), max(len(tail) - _MAX_ENDING, _MIN_COMPOUND_PART) - 1, -1):
            found = lexicon.prefixes.get(tail[:end])
            if found:
                return found
    return frozenset()


_HALF = "#0.5"


@dataclass(frozen=True)
class Told:
    """What a post tells, as compared across languages: features are concept ids ("school",
    "~rights" for a broad one), names' skeletons ("@bsk") and numbers ("#20", "#m11")."""

    features: frozenset[str]  # of the title and the summary's opening
    title: frozenset[str]  # of the title alone
    numbers: frozenset[str]  # the features that are numbers
    weight: float  # of the features
    title_weight: float
    places: frozenset[str] = frozenset()  # cities and towns named as where (known or "@skeleton")

    @classmethod
    def of(cls, features: frozenset[str], title: frozenset[str], places: frozenset[str] = frozenset()) -> Told:
        # "Half" is said as often without a number ("six months", "every second one"): it is
        # shared when both say it, but never tells two posts apart.
        numbers = frozenset(feature for feature in features if feature.startswith("#") and feature != _HALF)
        return cls(features, title, numbers, _total(features), _total(title), places | (features & CITIES))


def _weight(feature: str) -> float:
    if feature.startswith("~"):
        return TRANSLATION_BROAD_WEIGHT
    if feature.startswith("#") and _is_year(feature[1:]):
        return TRANSLATION_YEAR_WEIGHT
    return 1.0


def _total(features: frozenset[str]) -> float:
    return sum(map(_weight, features))


def _classes(classes: tuple[frozenset[str], ...], features: frozenset[str]) -> set[int]:
    return {index for index, members in enumerate(classes) if members & features}


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and number[:2] in ("19", "20")


def _language(code: str | None) -> str | None:
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base if base in LANGUAGES else None


def _features(language: str, found: Sequence[Word], *, headline: bool) -> set[str]:
    features = {f"#{number}" for number in numbers_told(language, found)}
    for index, word in enumerate(found):
        name = word.name or (headline and index == 0 and word.capital)
        meanings = word_concepts(language, word.text)
        if not meanings and name and word.text.isascii():
            # Partners keep English names of organisations in other languages: "Civil Rights
            # Defenders är oroade", "Human Rights Watch".
            meanings = word_concepts("en", word.text)
        if meanings:
            features |= meanings
            continue
        plain = word.text not in _CALENDAR_WORDS and number_word(language, word.text) is None
        if name and len(word.text) >= 3 and not word.text[0].isdigit() and plain:
            features.add(f"@{skeleton(word.text)}")
    return features


@functools.lru_cache(maxsize=4096)
def told(title: str, summary: str, language: str | None) -> Told | None:
    """What a post tells in `language` (an ISO 639-1 code); None for a language without a lexicon."""
    code = _language(language)
    if code is None:
        return None
    head = title_words(grouped_digits(title))
    body = summary_words(grouped_digits(summary), head, TRANSLATION_SUMMARY_WORDS)
    in_title = _features(code, head, headline=True)
    places = _places(code, head, headline=True) | _places(code, body, headline=False)
    return Told.of(frozenset(in_title | _features(code, body, headline=False)), frozenset(in_title), places)


def _places(language: str, found: Sequence[Word], *, headline: bool) -> frozenset[str]:
    """The names a text gives as where something is: after "in", "в", "дар", "w", with a
    Turkic locative ending ("Өзгөндө", "Namanganda") or before a district word that has one
    ("Аксы районунда"), as a known city or town's id, or as the
    name's skeleton for one the lexicon does not know (a town named in both versions has one
    skeleton in every script). Countries and regions are left out: "in Kazakhstan" and "in
    Almaty" may be one place."""
    prepositions, endings = PLACE_PREPOSITIONS.get(language, frozenset()), LOCATIVE_ENDINGS.get(language, ())
    districts = DISTRICT_WORDS.get(language, ())
    places: set[str] = set()
    for index, word in enumerate(found):
        if not (word.name or (headline and index == 0 and word.capital)) or len(word.text) < 3:
            continue
        after = index > 0 and found[index - 1].text in prepositions
        following = found[index + 1].text if index + 1 < len(found) else ""
        district = bool(districts) and following.startswith(districts) and following.endswith(endings)
        if not (after or district or word.text.endswith(endings)) or word.text in _CALENDAR_WORDS:
            continue
        meanings = word_concepts(language, word.text)
        if meanings & CITIES:
            places |= meanings & CITIES
        # Before a district word a name is a name even when it is also a word ("Кара-Суу": water).
        elif (district or not meanings) and number_word(language, word.text) is None and not word.text[0].isdigit():
            places.add(f"@{skeleton(word.text)}")
    return frozenset(places)


@dataclass(frozen=True)
class Likeness:
    """translation_likeness with its reason: `score` None when the two cannot be one post, and
    `why` the condition that decided ("share 0.55 < 0.6", "cities differ: @bsk / @osh")."""

    score: float | None
    why: str


def translation_likeness(ours: Told, theirs: Told) -> float | None:
    """How much of the smaller telling the other shares (0..1), or None when the two cannot be
    one post (see translation_verdict). Symmetric."""
    return translation_verdict(ours, theirs).score


def _no(why: str) -> Likeness:
    return Likeness(None, why)


def _shown(features: frozenset[str] | set[str]) -> str:
    return ",".join(sorted(features))


def translation_verdict(ours: Told, theirs: Told) -> Likeness:
    """How much of the smaller telling the other shares, and why. Not one post:

    - a number of each that the other lacks (another date, another count), or a place of each
      that the other does not name (a known city, or a name told as where: `_places`);
    - kinds of post, subjects, stages, groups of people or happenings in no common class
      (concepts.KIND_CLASSES, SUBJECT_CLASSES, STAGE_CLASSES, GROUP_CLASSES, HAPPENING_CLASSES),
      or each title naming a kind the other post never mentions ("Photos from the camp",
      "Report from the camp");
    - too little shared: under TRANSLATION_MIN_SHARED weighted, under TRANSLATION_MIN_SPECIFIC
      that are no broad concept or year, under TRANSLATION_SHARE of the smaller telling, or
      under TRANSLATION_TITLE_SHARE of the smaller title (a translated headline keeps its
      words' meaning; a follow-up post gets a headline of its own).
    """
    mine, other = ours.features, theirs.features
    shared = mine & other
    if len(shared) < TRANSLATION_MIN_SPECIFIC:
        return _no(f"shared {len(shared)} < {TRANSLATION_MIN_SPECIFIC}")  # most pairs of a site's posts
    numbers = ours.numbers, theirs.numbers
    if all(numbers) and not (numbers[0] <= numbers[1] or numbers[1] <= numbers[0]):
        return _no(f"numbers differ: {_shown(numbers[0] - numbers[1])} / {_shown(numbers[1] - numbers[0])}")
    if (here := _untold_places(ours, theirs)) and (there := _untold_places(theirs, ours)):
        return _no(f"places differ: {_shown(here)} / {_shown(there)}")
    for name, classes in (
        ("kinds", KIND_CLASSES),
        ("subjects", SUBJECT_CLASSES),
        ("stages", STAGE_CLASSES),
        ("groups", GROUP_CLASSES),
        ("happenings", HAPPENING_CLASSES),
    ):
        kinds = _classes(classes, mine), _classes(classes, other)
        if all(kinds) and not kinds[0] & kinds[1]:
            # a festival and a rally, a forum and a school, water and land: two posts
            return _no(f"{name} differ: {_in_classes(classes, mine)} / {_in_classes(classes, other)}")
    if (ours.title - other) & POST_KINDS and (theirs.title - mine) & POST_KINDS:
        return _no("title post kinds differ")  # "Photos from the camp" and "Report from the camp"
    if (ours.title - other) & EVENT_KINDS or (theirs.title - mine) & EVENT_KINDS:
        return _no("title event kind unmatched")  # "Film screening: ..." and a support group's meetings
    weight = _total(shared)
    specific = sum(1 for feature in shared if _weight(feature) >= 1.0)
    if weight < TRANSLATION_MIN_SHARED or specific < TRANSLATION_MIN_SPECIFIC:
        return _no(f"shared weight {weight:g} < {TRANSLATION_MIN_SHARED:g} or specific {specific}")
    smaller_title = min(ours.title_weight, theirs.title_weight)
    title_shared = _total(ours.title & theirs.title)
    if not smaller_title or title_shared < TRANSLATION_TITLE_SHARE * smaller_title:
        return _no(f"titles share {title_shared:g} of {smaller_title:g}")
    share = weight / min(ours.weight, theirs.weight)
    if share < TRANSLATION_SHARE:
        return _no(f"share {share:.2f} < {TRANSLATION_SHARE}")
    return Likeness(share, f"share {share:.2f}")


def _place_key(feature: str) -> str:
    # Two letters of the skeleton: "Trójmieście" and "Труймясте" are "trj" and "trm", one town.
    return (feature[1:] if feature.startswith("@") else skeleton(feature.replace("_", "")))[:2]


def _untold_places(ours: Told, theirs: Told) -> set[str]:
    """Our places the other telling names nowhere, as a known place or a name of like skeleton."""
    named = {_place_key(feature) for feature in theirs.features if feature.startswith("@") or feature in CITIES}
    return {place for place in ours.places - theirs.features if _place_key(place) not in named}


def _in_classes(classes: tuple[frozenset[str], ...], features: frozenset[str]) -> str:
    return _shown(features & frozenset().union(*classes))
