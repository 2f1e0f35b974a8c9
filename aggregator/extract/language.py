"""Language of a text: tell-tale letters and the sources' candidate languages first, py3langid's
ranking within what they leave; `choose_language` weighs that against markers and metadata.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from aggregator.extract.codes import normalize_language
from aggregator.extract.lexicon import APOSTROPHES, LANGUAGE_SCRIPTS, TELLTALES, UZBEK_LATIN_WORDS
from aggregator.extract.text import plain_text

# Uzbek Latin's oʻ/gʻ digraphs (its frequent words are lexicon.UZBEK_LATIN_WORDS).
# "[og]'s" is left out: that is an English possessive ("blog's").
UZBEK_LATIN_RE = re.compile(rf"[og][{APOSTROPHES}](?!s\b)\w", re.IGNORECASE)

TELLTALE_MIN_SHARE = 0.01  # tell-tale letters per Cyrillic letter to count
UZBEK_LATIN_MIN_SHARE = 0.15  # Uzbek Latin hits per word to count
MIN_LETTERS = 3  # fewer letters than this: no language at all
MIN_CONFIDENCE = 0.5  # unrestricted detection below this: "don't know"


@functools.cache
def _identifier() -> Any:
    """py3langid model; loading takes ~0.7 s, so do it once and only when needed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Runs, not single characters: findall then builds a short list of words, not one string per
# letter, and the lengths add up to the same counts.
_LETTER_RUN_RE = re.compile(rf"[^\W\d_{APOSTROPHES}]+")  # "ʻ" is a letter to Python, not to us
_CYRILLIC_RUN_RE = re.compile("[\u0400-\u052f]+")
_LATIN_RUN_RE = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def _letters(text: str) -> int:
    return _count(_LETTER_RUN_RE, text)


def _script(text: str, letters: int | None = None) -> str | None:
    """Dominant script of the letters: "latin", "cyrillic", "other" or None (counted with
    regexes: this runs for every item, and a loop over characters was a tenth of a pass).
    `letters`: _letters(text), when the caller has it already."""
    if text.isascii():  # no Cyrillic, and every letter is a Latin one: one count says it all
        latin = _count(_LATIN_RUN_RE, text) if letters is None else letters
        return "latin" if latin > 0 else None
    cyrillic, latin = _count(_CYRILLIC_RUN_RE, text), _count(_LATIN_RUN_RE, text)
    other = (_letters(text) if letters is None else letters) - cyrillic - latin
    counts = {"latin": latin, "cyrillic": cyrillic, "other": other}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 0 else None


def _telltale_languages(text: str, script: str | None = None) -> tuple[str, ...]:
    """Languages implied by tell-tale letters, or () when the letters say nothing.
    `script`: _script(text), when the caller has it already."""
    lowered = text.lower()
    script = _script(text) if script is None else script
    if script == "cyrillic":
        # A Russian text quoting one Kyrgyz name must not flip to Kyrgyz, so the
        # tell-tale letters have to make up a minimum share of the text.
        needed = max(1, TELLTALE_MIN_SHARE * _count(_CYRILLIC_RUN_RE, lowered))
        for letters, languages in TELLTALES:
            if sum(lowered.count(letter) for letter in letters) >= needed:
                return languages
    elif script == "latin":
        words = re.findall(r"\w+", lowered)
        hits = len(UZBEK_LATIN_RE.findall(lowered)) + sum(map(UZBEK_LATIN_WORDS.__contains__, words))
        # Share guard: an English text with "O'Brien" and "ham" is not Uzbek.
        if hits >= 2 and hits >= UZBEK_LATIN_MIN_SHARE * len(words):
            return ("uz",)
    return ()


def _ranked(text: str) -> dict[str, float]:
    """py3langid probabilities keyed by ISO 639-1 code (duplicate classes summed)."""
    scores: dict[str, float] = {}
    for label, prob in _identifier().rank(text):
        code = normalize_language(label) if len(label) == 2 else None
        if code:
            scores[code] = scores.get(code, 0.0) + float(prob)
    return scores


def _best_of(scores: dict[str, float], allowed: Sequence[str]) -> tuple[str | None, float]:
    """Best allowed language and its probability renormalised among `allowed`."""
    pool = {code: scores.get(code, 0.0) for code in allowed}
    total = sum(pool.values())
    if not pool or total <= 0:
        return None, 0.0
    best = max(pool, key=pool.__getitem__)
    return best, pool[best] / total


def detect_language(text: str, candidates: Sequence[str] = ()) -> str | None:
    """ISO 639-1 code of `text`, restricted to `candidates` when given; None if unsure."""
    try:
        return _detect(text, candidates)
    except Exception:  # a model hiccup must not break the run
        return None


Ranker = Callable[[str], dict[str, float]]


def _detect(text: str, candidates: Sequence[str], rank: Ranker | None = None) -> str | None:
    """The detection rules over any statistical ranker (`bench.lang_choice` swaps it)."""
    text = plain_text(text)
    letters = _letters(text)
    script = _script(text, letters)
    if script is None or letters < MIN_LETTERS:
        return None
    wanted = [c for c in dict.fromkeys(map(normalize_language, candidates or ())) if c]
    if candidates and not wanted:
        return None
    # Candidates written in another script can't be the answer.
    wanted = [c for c in wanted if script in LANGUAGE_SCRIPTS.get(c, (script,))]
    if candidates and not wanted:
        return None
    if len(wanted) == 1:
        return wanted[0]
    tells = _telltale_languages(text, script)
    # Tell-tales pointing outside the candidates are ignored.
    narrowed = ([c for c in tells if c in wanted] or wanted) if wanted else list(tells)
    if len(narrowed) == 1:
        return narrowed[0]
    scores = (rank or _ranked)(text)
    if narrowed:
        return _best_of(scores, narrowed)[0]
    best, prob = _best_of(scores, list(scores))
    if prob >= MIN_CONFIDENCE:
        return best
    # Unsure among all the model's languages (short Russian titles score as Bulgarian or
    # Macedonian too): the partners' languages in this script are the likely answers, so ask
    # again among those before giving up.
    ours = [code for code, scripts in LANGUAGE_SCRIPTS.items() if script in scripts]
    best, prob = _best_of(scores, ours)
    return best if prob >= MIN_CONFIDENCE else None


def choose_language(
    *,
    marker: str | None,
    metadata: str | None,
    text: str,
    candidates: Sequence[str] = (),
    feed_language: str | None = None,
) -> str | None:
    """Pick a post's language from the strongest available signal."""
    # Explicit signals first: the partner's own title marker, then item metadata
    # (trusted even against tell-tale letters: partners know their posts).
    for signal in (marker, metadata):
        code = normalize_language(signal)
        if code:
            return code
    detected = detect_language(text, candidates)
    if detected:
        return detected
    # The feed-level language is often a CMS default, so it only breaks ties.
    fallback = normalize_language(feed_language)
    if fallback:
        return fallback
    only = [c for c in dict.fromkeys(map(normalize_language, candidates or ())) if c]
    return only[0] if len(only) == 1 else None
