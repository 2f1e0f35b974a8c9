"""Near-duplicate stories and language versions of one post: pure decisions for the store.

Exact repeats (the same canonical URL, the same GUID in a source) are recognised by
`dedup.url_key`. This package recognises the rest of issue 5, "One story, published once":

- a partner's post republished by another partner, with the excerpt cut at another length,
  a "Repost:" prefix, a headline of its own or light edits, or listed by the same partner
  under a second address: `same_story`, after a SimHash index lookup
  (`fingerprint_text` -> `simhash` -> `band_keys`);
- the same post in two languages on a bilingual site: `same_post_in_other_language`.

SimHash only finds candidates; the decision also reads the texts, because the look-alikes that
matter here (a monthly newsletter under the same title, part 1 and part 2 of a camp report, one
press-release template with different names) are close in SimHash and still different stories.
Both deciders are conservative: a false merge hides a partner's story from subscribers, a miss
only shows it twice. The parameters were chosen on fixtures/dedup-eval with
`python -m bench.dedup_eval --sweep`.

How the store uses it, for an item no URL or GUID matched:

1. `candidate(...)` makes its Candidate (fingerprint included); `index_keys(title,
   fingerprint)` gives the keys to look up: its SimHash band keys (any story within
   HAMMING_THRESHOLD bits shares one) and the keys of its headline (`title_key`, and
   `title_run_keys` of its two ends) and of its summary's opening (`text_keys`).
2. Each recent story sharing a key is checked with `same_story(new, known)`.
3. Stories sharing its `version_lookup_key`, linked by hreflang, or published within
   VERSION_DAYS by the same source or on the same site (`site_of`) in another language are
   checked with `version_by_cue(new, known, alternates)`, else the best `translation_score`
   (`same_post_in_other_language` is the two together, for one pair).

The parts, each importable on its own; this package re-exports the names callers use, so
`from aggregator import fingerprint` and `fingerprint.same_story(...)` read as before:

- `parameters`: the tuned numbers; `tables`: word and address tables (pure data);
- `tokens`: normalised words (`words`, `Word`); `story_text`: title and summary as compared,
  and `fingerprint_text`;
- `simhash_index`: `simhash`, `hamming`, index keys (`band_keys`, `title_key`, `lookup_keys`);
- `candidates`: `Candidate`; `near_duplicates`: `same_story`; `versions`: language versions.
"""

from __future__ import annotations

from aggregator.fingerprint.candidates import Candidate, candidate
from aggregator.fingerprint.near_duplicates import likeness, might_be_same_story, same_story, title_agreement
from aggregator.fingerprint.parameters import (
    ANCHOR_WORDS,
    ANCHORS_IN_ORDER,
    BANDS,
    BODY_ALONE,
    BODY_WITH_TITLE,
    COMPARE_WORDS,
    DAYS_APART_MAX,
    DAYS_APART_STRICT,
    FINGERPRINT_BITS,
    HAMMING_THRESHOLD,
    MIN_SHARED_ANCHORS,
    MIN_SUMMARY_WORDS,
    MIN_TITLE_WORDS,
    NAME_SPELLING,
    SHINGLE_SIZE,
    SHORT_OPENING_MATCHED,
    SHORT_OPENING_WORDS,
    SHORT_TEXT_DAYS,
    SHORT_TITLE_AGREES,
    SUMMARY_WORDS,
    TEXT_KEY_HAMMING,
    TEXT_KEY_SHINGLE,
    TEXT_KEY_TAG,
    TEXT_KEY_WORDS,
    TEXT_KEYS,
    TITLE_AGREES,
    TITLE_KEY_TAG,
    TITLE_NEAR_IDENTICAL,
    TITLE_RUN_TAG,
    TITLE_RUN_WORDS,
    TRANSLATION_DAYS,
    VERSION_DAYS,
)
from aggregator.fingerprint.simhash_index import (
    _majority as _majority,
)
from aggregator.fingerprint.simhash_index import (
    _spread as _spread,
)
from aggregator.fingerprint.simhash_index import (
    band_keys,
    former_title_keys,
    from_signed,
    hamming,
    index_keys,
    is_loose_key,
    is_title_key,
    key_finds,
    lookup_keys,
    simhash,
    text_keys,
    title_key,
    title_keys,
    title_run_keys,
    to_signed,
)
from aggregator.fingerprint.story_text import (
    MAX_LEAD_IN_WORDS,
    TRAILING_WORDS,
    fingerprint_text,
    short_summary,
    summary_words,
    title_words,
)
from aggregator.fingerprint.story_text import (
    _may_end_in_read_more as _may_end_in_read_more,
)
from aggregator.fingerprint.story_text import (
    _summary_words as _summary_words,
)
from aggregator.fingerprint.story_text import (
    _trailing_boilerplate_re as _trailing_boilerplate_re,
)
from aggregator.fingerprint.tables import (
    APOSTROPHES,
    GENERIC_TITLE_WORDS,
    LETTER_FOLDS,
    MONTHS,
    ORDINALS,
    REPOST_PREFIXES,
    TRANSLITERATION,
    URL_LANGUAGE_PARAMS,
    URL_LANGUAGES,
    WEEKDAYS,
)
from aggregator.fingerprint.tokens import Word, words
from aggregator.fingerprint.tokens import _fold as _fold
from aggregator.fingerprint.versions import (
    same_post_in_other_language,
    site_of,
    translation_score,
    version_by_cue,
    version_key,
    version_lookup_key,
)

__all__ = [
    "ANCHORS_IN_ORDER",
    "ANCHOR_WORDS",
    "APOSTROPHES",
    "BANDS",
    "BODY_ALONE",
    "BODY_WITH_TITLE",
    "COMPARE_WORDS",
    "DAYS_APART_MAX",
    "DAYS_APART_STRICT",
    "FINGERPRINT_BITS",
    "GENERIC_TITLE_WORDS",
    "HAMMING_THRESHOLD",
    "LETTER_FOLDS",
    "MAX_LEAD_IN_WORDS",
    "MIN_SHARED_ANCHORS",
    "MIN_SUMMARY_WORDS",
    "MIN_TITLE_WORDS",
    "MONTHS",
    "NAME_SPELLING",
    "ORDINALS",
    "REPOST_PREFIXES",
    "SHINGLE_SIZE",
    "SHORT_OPENING_MATCHED",
    "SHORT_OPENING_WORDS",
    "SHORT_TEXT_DAYS",
    "SHORT_TITLE_AGREES",
    "SUMMARY_WORDS",
    "TEXT_KEYS",
    "TEXT_KEY_HAMMING",
    "TEXT_KEY_SHINGLE",
    "TEXT_KEY_TAG",
    "TEXT_KEY_WORDS",
    "TITLE_AGREES",
    "TITLE_KEY_TAG",
    "TITLE_NEAR_IDENTICAL",
    "TITLE_RUN_TAG",
    "TITLE_RUN_WORDS",
    "TRAILING_WORDS",
    "TRANSLATION_DAYS",
    "TRANSLITERATION",
    "URL_LANGUAGES",
    "URL_LANGUAGE_PARAMS",
    "VERSION_DAYS",
    "WEEKDAYS",
    "Candidate",
    "Word",
    "band_keys",
    "candidate",
    "fingerprint_text",
    "former_title_keys",
    "from_signed",
    "hamming",
    "index_keys",
    "is_loose_key",
    "is_title_key",
    "key_finds",
    "likeness",
    "lookup_keys",
    "might_be_same_story",
    "same_post_in_other_language",
    "same_story",
    "short_summary",
    "simhash",
    "site_of",
    "summary_words",
    "text_keys",
    "title_agreement",
    "title_key",
    "title_keys",
    "title_run_keys",
    "title_words",
    "to_signed",
    "translation_score",
    "version_by_cue",
    "version_key",
    "version_lookup_key",
    "words",
]
