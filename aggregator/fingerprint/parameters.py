"""The tuned numbers of near-duplicate and language-version detection, in one place.

They were chosen together on fixtures/dedup-eval with `python -m bench.dedup_eval --sweep`
(which tries others by setting them on the `aggregator.fingerprint` package). Changing
FINGERPRINT_BITS, SHINGLE_SIZE, SUMMARY_WORDS, BANDS or TITLE_KEY_TAG changes stored
fingerprints and index keys: rebuild the index after such a change.
"""

from __future__ import annotations

from datetime import timedelta

# The fingerprint is made from the opening SUMMARY_WORDS words of the summary: partners cut
# excerpts at 20-60 words, so only an opening nearly every excerpt has lets copies cut at
# different lengths agree. The title is left out when there is that much summary, because a
# reposting partner rewrites the headline far more often than the text (see the eval).
SUMMARY_WORDS = 20
# Fewer summary words than this: SimHash of so little text is noise, so the title goes in too,
# and same_story asks for a near-identical title instead.
MIN_SUMMARY_WORDS = 8
# Word n-grams hashed into the fingerprint.
SHINGLE_SIZE = 2
# Bits two fingerprints of one story may differ in; found by band lookup (see band_keys).
HAMMING_THRESHOLD = 3  # 3 to 7 decide the evaluation set alike; 3 keeps 16-bit bands, few candidates
BANDS = HAMMING_THRESHOLD + 1  # pigeonhole: k differing bits leave at least one of k+1 bands whole
FINGERPRINT_BITS = 64
# Title keys share the index with band keys; band keys begin with BANDS (< 0x7F), these with
# 0x7F, so the two kinds never collide.
TITLE_KEY_TAG = 0x7F
# Keys of a headline's opening and closing TITLE_RUN_WORDS words (title_run_keys), tagged 0x7E:
# a digest puts words before a partner's headline ("From our partners: ...") or a site name
# after it, which changes the whole headline's key but leaves one end of it as it was.
TITLE_RUN_TAG = 0x7E
TITLE_RUN_WORDS = 4
# Keys of the summary's opening (text_keys), tagged 0x7D: the TEXT_KEYS smallest hashes of its
# three-word shingles within TEXT_KEY_WORDS words (a MinHash sketch), so a copy with a headline of
# its own and a few words replaced still shares one. A stored story found by one is read only
# when its fingerprint is within TEXT_KEY_HAMMING bits (unrelated posts sit near 32).
TEXT_KEY_TAG = 0x7D
TEXT_KEYS = 3
TEXT_KEY_WORDS = SUMMARY_WORDS  # the words the fingerprint is made from, worked out once for both
TEXT_KEY_SHINGLE = 3
TEXT_KEY_HAMMING = 22

# Text guards in same_story read more of the summary than the fingerprint does: a deadline or
# a name later in the text still tells two posts apart, and an introduction added by the
# reposting partner still leaves most of the text matching.
COMPARE_WORDS = 60
# Shares of the shorter text's words matching in order.
BODY_ALONE = 0.9  # the summaries alone prove it (the reposting partner wrote its own headline)
BODY_WITH_TITLE = 0.7  # enough together with a title agreeing at least TITLE_AGREES
TITLE_AGREES = 0.5
TITLE_NEAR_IDENTICAL = 0.9  # too little summary to compare: the title must carry it
MIN_TITLE_WORDS = 3  # informative title words before a title counts as evidence
NAME_SPELLING = 0.8  # "Sekerbaeva"/"Sekerbayeva": spellings of one name, not two people
DAYS_APART_STRICT = timedelta(days=14)  # syndication lags days; a newsletter's next issue, weeks
DAYS_APART_MAX = timedelta(days=60)  # the same text months later is a recurring announcement
SHORT_TEXT_DAYS = timedelta(days=7)  # title-only evidence must also be close in time
# A one-line excerpt cut by a digest: the words of the shorter opening matching in order, and
# how many identical opening words let a headline with one word replaced agree.
SHORT_OPENING_MATCHED = 0.75
SHORT_OPENING_WORDS = 5
SHORT_TITLE_AGREES = 0.75

# Language versions without an address relation: a bilingual site publishes both together.
VERSION_DAYS = timedelta(days=2)
ANCHOR_WORDS = 40  # summary words searched for names and numbers
MIN_SHARED_ANCHORS = 2
ANCHORS_IN_ORDER = 0.5  # difflib ratio of the two sequences of names and numbers
# Translations without an address cue, from one site (versions.translation_score): what the two
# tell through the concept lexicon (fingerprint.translation). Tuned on tests/translation_pairs.jsonl.
# A partner's second language version waits for its one translator: the same day, or over a
# weekend, a Friday afternoon post translated on Monday or Tuesday morning (under four days).
# A marked translation keeps VERSION_DAYS: its cue is strong, its window need not be.
TRANSLATION_DAYS = timedelta(days=4)
TRANSLATION_SUMMARY_WORDS = 40  # summary words read, after the title
TRANSLATION_BROAD_WEIGHT = 0.5  # a broad concept ("rights", "people"): every post of a partner says it
TRANSLATION_YEAR_WEIGHT = 0.5  # "2026": every post of the year may say it
TRANSLATION_MIN_SHARED = 3.0  # weighted concepts, names and numbers the two share, at least
TRANSLATION_MIN_SPECIFIC = 2  # of them, neither broad nor a year
TRANSLATION_SHARE = 0.6  # shared weight over the smaller telling's
TRANSLATION_TITLE_SHARE = 0.5  # shared weight of the two titles over the smaller title's
