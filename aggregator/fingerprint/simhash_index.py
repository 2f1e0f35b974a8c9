"""SimHash fingerprints and the index keys they are looked up by.

`simhash` of a `fingerprint_text`, `band_keys` (any fingerprint within HAMMING_THRESHOLD bits
shares one), `title_key` for a headline, and the signed form a BIGINT column stores. The values
are stored in users' databases: tests/test_speed_equivalence.py pins them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence

from aggregator.fingerprint.parameters import (
    BANDS,
    FINGERPRINT_BITS,
    HAMMING_THRESHOLD,
    MIN_TITLE_WORDS,
    SHINGLE_SIZE,
    TEXT_KEY_HAMMING,
    TEXT_KEY_SHINGLE,
    TEXT_KEY_TAG,
    TEXT_KEY_WORDS,
    TEXT_KEYS,
    TITLE_KEY_TAG,
    TITLE_RUN_TAG,
    TITLE_RUN_WORDS,
)
from aggregator.fingerprint.story_text import _title_text, summary_words, title_words
from aggregator.fingerprint.tokens import Word, _informative, _texts, words

_MASK = (1 << FINGERPRINT_BITS) - 1
_LANE = 32  # bits per counter when all 64 bit positions are counted at once in one integer


def _feature_hash(feature: str) -> int:
    # blake2b, not hash(): the value is stored, so it must not change between processes.
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")


def _spread_byte(byte: int) -> int:
    return sum(1 << (_LANE * bit) for bit in range(8) if byte >> bit & 1)


# _SPREAD[index][byte]: the byte's bits spread, already moved to the lanes of byte `index`.
_SPREAD = tuple(tuple(_spread_byte(byte) << (_LANE * 8 * index) for byte in range(256)) for index in range(8))


def _spread(value: int) -> int:
    """Bit i of a 64-bit value moved to the lowest bit of lane i: adding spread values counts
    the ones at every position at once (64 counters in one Python integer)."""
    b = value.to_bytes(8, "little")
    # Unrolled: it runs for every shingle, and a loop over the 8 bytes costs three times as much.
    t = _SPREAD
    return t[0][b[0]] | t[1][b[1]] | t[2][b[2]] | t[3][b[3]] | t[4][b[4]] | t[5][b[5]] | t[6][b[6]] | t[7][b[7]]


# Lane i of a spread value is bytes 4i..4i+3, little-endian: its lowest byte comes first.
_LANE_BYTES = _LANE // 8
_FLAG_DIGITS = bytes.maketrans(b"\0\1", b"01")


_LOW_BIT_OF_EVERY_LANE = _spread(_MASK)


@functools.lru_cache(maxsize=1 << 14)
def _feature_votes(feature: str) -> int:
    """A feature's votes, one per bit of its hash, spread into lanes. Cached: word pairs such
    as "of the" or "in osh" recur across posts."""
    return _spread(_feature_hash(feature))


def _majority(votes: int, total: int) -> int:
    """The 64-bit value whose bit i is set when lane i of `votes` counts more than half of
    `total` (the features' weight)."""
    # 2 * count > total means count >= needed. Adding 2**31 - needed to every lane sets the top
    # bit of exactly the lanes that reach it; counts stay far below 2**31, so no lane carries
    # into the next, and all 64 comparisons happen in one addition.
    needed = total // 2 + 1
    top = (votes + ((1 << (_LANE - 1)) - needed) * _LOW_BIT_OF_EVERY_LANE) >> (_LANE - 1) & _LOW_BIT_OF_EVERY_LANE
    # Each lane's lowest byte is now 0 or 1: those 64 bytes, highest lane first, are the binary digits.
    flags = top.to_bytes(FINGERPRINT_BITS * _LANE_BYTES, "little")[::_LANE_BYTES]
    return int(flags[::-1].translate(_FLAG_DIGITS), 2)


def simhash(text: str) -> int:
    """64-bit unsigned SimHash of a text over word SHINGLE_SIZE-grams (fewer words: the whole
    text is one feature); 0 for no words. Stable across processes and Python versions."""
    tokens = text.split()
    if not tokens:
        return 0
    size = min(SHINGLE_SIZE, len(tokens))
    shingles = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    # Every occurrence of a shingle votes (a repeated one weighs more); a bit is set when more
    # of the votes were for 1 than for 0.
    return _majority(sum(map(_feature_votes, shingles)), len(shingles))


def hamming(a: int, b: int) -> int:
    """Bits in which two fingerprints differ."""
    return ((a ^ b) & _MASK).bit_count()


def _band_widths(bands: int) -> list[int]:
    base, extra = divmod(FINGERPRINT_BITS, bands)
    return [base + 1 if index < extra else base for index in range(bands)]


def band_keys(fingerprint: int) -> list[int]:
    """Index keys of a fingerprint: one per band, BANDS slices of its bits.

    Two fingerprints at most HAMMING_THRESHOLD bits apart share a key: their differing bits
    cannot touch all HAMMING_THRESHOLD + 1 bands (pigeonhole). A key is
    `BANDS << 56 | band << 48 | slice`: below 2**63, so it fits a signed BIGINT as it is, and
    keys made with another band count never equal these (rebuild the index after a change).
    """
    keys = []
    shift = 0
    for band, width in enumerate(_band_widths(BANDS)):
        keys.append(BANDS << 56 | band << 48 | (fingerprint >> shift) & ((1 << width) - 1))
        shift += width
    return keys


# A label before the headline that copies add or drop, one or several: "Kazakhstan: ...",
# "Feminita: ...", "kobieTY — ...", "Jastar Alany – ...", "[CAG] ...". Short, no digits (a
# date or a count in front is part of the headline).
_TITLE_LABEL_RE = re.compile(
    r"^\s*(?:[^\W\d_][^:\d]{0,30}:"  # "Label:"
    r"|[^\W\d_][^\d:.!?—–\[\]]{0,30}?\s[—–-]"  # "Label —", "Label -"
    r"|\[[^\W\d_][^\]\d]{0,29}\])"  # "[Label]"
    r"\s+(?=\S)"
)


@functools.lru_cache(maxsize=4096)
def headline_words(title: str) -> tuple[Word, ...]:
    """The headline's words without the labels a digest puts in front of it (all of them, as
    long as MIN_TITLE_WORDS informative words remain): what title_key and title_run_keys are
    made from, so "Kazakhstan: Report: ..." and "Report: ..." have one key."""
    text = _title_text(title)
    head = title_words(title)
    while label := _TITLE_LABEL_RE.match(text):
        rest = text[label.end() :]
        rest_words = tuple(words(rest))
        if _informative(rest_words) < MIN_TITLE_WORDS:
            break
        text, head = rest, rest_words
    return head


def _key(tag: int, run: Sequence[Word]) -> int:
    digest = hashlib.blake2b(" ".join(_texts(run)).encode("utf-8"), digest_size=6).digest()
    return tag << 56 | int.from_bytes(digest, "little")


@functools.lru_cache(maxsize=4096)
def title_key(title: str) -> int | None:
    """Index key of a headline: equal for the same informative headline however it is marked,
    labelled ("Repost:", "Kazakhstan:", "kobieTY —"), cased or punctuated. It finds the copies
    whose excerpt was edited in its opening words, which moves their SimHash too far.

    None for a headline with fewer than MIN_TITLE_WORDS informative words ("News",
    "Nyhetsbrev", "Monthly digest"): such a key would only collect unrelated posts.
    """
    head = headline_words(title)
    return _key(TITLE_KEY_TAG, head) if _informative(head) >= MIN_TITLE_WORDS else None


@functools.lru_cache(maxsize=4096)
def title_run_keys(title: str) -> tuple[int, ...]:
    """Index keys of a headline's opening and closing TITLE_RUN_WORDS words (labels left out),
    for a headline longer than that: a copy that adds words in front ("From our partners: «...»",
    "NEWS FROM KYRGYZSTAN: ...") or a name after it ("... – Centralasiengrupperna"), or replaces
    a word, keeps one of them. A run with fewer than MIN_TITLE_WORDS informative words gives no key."""
    return _run_keys(headline_words(title))


def _run_keys(head: Sequence[Word]) -> tuple[int, ...]:
    if len(head) <= TITLE_RUN_WORDS:
        return ()
    runs = (head[:TITLE_RUN_WORDS], head[-TITLE_RUN_WORDS:])
    return tuple(dict.fromkeys(_key(TITLE_RUN_TAG, run) for run in runs if _informative(run) >= MIN_TITLE_WORDS))


# Before labels of every shape were left out (December 2026), a headline's keys were made with
# at most one "Label:" stripped, and its runs with none: stories stored then are indexed so.
_FORMER_LABEL_RE = re.compile(r"^\s*[^\W\d_][^:\d]{0,30}:\s+(?=\S)")


@functools.lru_cache(maxsize=4096)
def former_title_keys(title: str) -> tuple[int, ...]:
    """The headline keys stories stored before December 2026 were indexed by, where they differ
    from title_keys: a new item looks them up too, so it still finds those stories (their
    index is not rebuilt), and is indexed by title_keys only."""
    clean = _title_text(title)
    if not _TITLE_LABEL_RE.match(clean):
        return ()  # no label of any shape (most headlines): the keys are as they were
    whole = words(_FORMER_LABEL_RE.sub("", clean))
    former = ([_key(TITLE_KEY_TAG, whole)] if _informative(whole) >= MIN_TITLE_WORDS else []) + list(
        _run_keys(title_words(title))
    )
    current = title_keys(title)
    return tuple(key for key in dict.fromkeys(former) if key not in current)


def title_keys(title: str) -> list[int]:
    """The keys of a headline: its title_key, when it has one, and its title_run_keys."""
    key = title_key(title)
    return ([] if key is None else [key]) + list(title_run_keys(title))


def lookup_keys(title: str, fingerprint: int) -> list[int]:
    """The index keys of a story as first defined (pinned: users' databases hold them): its
    band keys and, when it has one, its title key. The store indexes these and the headline's
    title_run_keys (`index_keys`). A headline with labels of other shapes than one "Label:" has
    had another title key since December 2026; the index is not rebuilt, so the matcher looks
    up its former_title_keys as well."""
    key = title_key(title)
    return band_keys(fingerprint) + ([] if key is None else [key])


@functools.lru_cache(maxsize=1 << 14)
def _shingle_hash(shingle: str) -> int:
    # Cached: a partner's phrases recur from post to post.
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=6).digest(), "little")


@functools.lru_cache(maxsize=4096)
def text_keys(title: str, summary: str) -> tuple[int, ...]:
    """Index keys of a summary's opening: the TEXT_KEYS smallest hashes of its TEXT_KEY_SHINGLE-word
    shingles among the first TEXT_KEY_WORDS words (after a lead-in or the repeated title).

    Which shingles are smallest does not depend on where they stand, so a copy whose opening
    has a few words replaced, or is cut shorter, still shares one key with high probability,
    where its SimHash moved too far and its headline is its own. Shingles of short words only
    ("in the", "of a") give no key: they recur in unrelated posts."""
    found = [word.text for word in summary_words(summary, title_words(title), TEXT_KEY_WORDS)]
    long = [len(word) >= 5 for word in found]
    hashes = set()
    for start in range(len(found) - TEXT_KEY_SHINGLE + 1):
        shingle = found[start : start + TEXT_KEY_SHINGLE]
        if sum(long[start : start + TEXT_KEY_SHINGLE]) >= 2:
            hashes.add(_shingle_hash(" ".join(shingle)))
    return tuple(TEXT_KEY_TAG << 56 | value for value in sorted(hashes)[:TEXT_KEYS])


def index_keys(title: str, fingerprint: int, summary: str = "") -> list[int]:
    """Every index key of a story: lookup_keys, its title_run_keys and its text_keys. A known
    story sharing any of them with a new item is a candidate for same_story. Stories indexed
    before run and text keys existed are found by their lookup_keys only."""
    return lookup_keys(title, fingerprint) + list(title_run_keys(title)) + list(text_keys(title, summary))


def is_title_key(key: int) -> bool:
    """Whether an index key is made from a headline (title_key or title_run_keys), else a band
    or text key."""
    return key >> 56 in (TITLE_KEY_TAG, TITLE_RUN_TAG)


def is_loose_key(key: int) -> bool:
    """Whether an index key stands for one shared phrase (a headline run or a text key), not the
    whole headline or a band of the fingerprint."""
    return key >> 56 in (TITLE_RUN_TAG, TEXT_KEY_TAG)


def key_finds(key: int, distance: int, short: bool = False) -> bool:
    """Whether a story found under `key` at `distance` bits from the new item is worth reading:
    by the whole headline's key always, by a headline run or text key when within
    TEXT_KEY_HAMMING (one shared phrase says less) or when either fingerprint was made with its
    headline (`short`: a digest's excerpt of a few words, where distance says little), by a
    band key when within HAMMING_THRESHOLD."""
    kind = key >> 56
    if kind == TITLE_KEY_TAG:
        return True
    if kind in (TITLE_RUN_TAG, TEXT_KEY_TAG):
        return short or distance <= TEXT_KEY_HAMMING
    return distance <= HAMMING_THRESHOLD


def to_signed(fingerprint: int) -> int:
    """The fingerprint as a signed 64-bit number, for a BIGINT column."""
    return fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint


def from_signed(value: int) -> int:
    """The fingerprint back from a BIGINT column."""
    return value & _MASK
