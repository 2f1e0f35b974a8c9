"""Whether a new item is a copy of a known story: `same_story`, after a SimHash index lookup.

A repost, a re-listing under a second address, an excerpt cut elsewhere or lightly edited is
the same story; a monthly newsletter under the same title, part 1 and part 2, or one
press-release template with another name is not, though close in SimHash. Conservative: a
false merge hides a partner's story, a miss only shows it twice.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from datetime import timedelta

from aggregator.fingerprint.candidates import Candidate, days_apart
from aggregator.fingerprint.parameters import (
    BODY_ALONE,
    BODY_WITH_TITLE,
    COMPARE_WORDS,
    DAYS_APART_MAX,
    DAYS_APART_STRICT,
    HAMMING_THRESHOLD,
    MIN_SUMMARY_WORDS,
    MIN_TITLE_WORDS,
    NAME_SPELLING,
    SHORT_OPENING_MATCHED,
    SHORT_OPENING_WORDS,
    SHORT_TEXT_DAYS,
    SHORT_TITLE_AGREES,
    TEXT_KEY_HAMMING,
    TITLE_AGREES,
    TITLE_NEAR_IDENTICAL,
)
from aggregator.fingerprint.simhash_index import hamming
from aggregator.fingerprint.story_text import StoryText
from aggregator.fingerprint.tokens import _MONTH_WORDS, _ORDINAL_WORDS, Word, _informative, _texts


def _matcher(a: Sequence[Word], b: Sequence[Word]) -> difflib.SequenceMatcher[str]:
    return _matcher_of(tuple(_texts(a)), tuple(_texts(b)))


@functools.lru_cache(maxsize=64)
def _matcher_of(a: tuple[str, ...], b: tuple[str, ...]) -> difflib.SequenceMatcher[str]:
    # same_story compares the same two titles, and the same two summaries, up to three times; a
    # matcher keeps its matching blocks and opcodes, so each pair is worked out once. Callers
    # only read what it returns.
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


def _matched(a: Sequence[Word], b: Sequence[Word]) -> float:
    """Words in common, in order, as a share of the shorter text."""
    if not a or not b:
        return 0.0
    return sum(block.size for block in _matcher(a, b).get_matching_blocks()) / min(len(a), len(b))


def _similarity(a: Sequence[Word], b: Sequence[Word]) -> float:
    """Words in common, in order, as a share of both texts (difflib's ratio)."""
    return _matcher(a, b).ratio() if a or b else 1.0


def _contrastive(word: Word, *, names: bool) -> bool:
    return (names and word.name) or word.text.isdigit() or word.text in _MONTH_WORDS or word.text in _ORDINAL_WORDS


def _same_thing(a: Word, b: Word) -> bool:
    if a.text.isdigit() or b.text.isdigit():
        return a.text == b.text
    return difflib.SequenceMatcher(None, a.text, b.text).ratio() >= NAME_SPELLING


def _contradicts(a: Sequence[Word], b: Sequence[Word], *, cut: bool, names: bool = True) -> bool:
    """Whether one text puts another name, number, month or ordinal where the other has one:
    "part 1"/"part 2", "Nyhetsbrev maj"/"juni", a template with another activist's name.

    With `cut` (excerpts), replacements touching the end of either text are skipped: excerpts
    cut at different points end in different words without contradicting each other. Without
    `names`, only numbers, months and ordinals count.
    """
    # Without such a word on both sides nothing can be swapped: most headlines have no number,
    # month or ordinal, and this spares likeness aligning them.
    if not any(_contrastive(word, names=names) for word in a) or not any(_contrastive(word, names=names) for word in b):
        return False
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag != "replace" or (cut and (i2 == len(a) or j2 == len(b))):
            continue
        left = [word for word in a[i1:i2] if _contrastive(word, names=names)]
        right = [word for word in b[j1:j2] if _contrastive(word, names=names)]
        if left and right and not any(_same_thing(x, y) for x in left for y in right):
            return True
    return False


def _reworded(a: Sequence[Word], b: Sequence[Word]) -> bool:
    """Whether a word of one title is replaced by another word (not a respelling) in the other.
    Within one source that is another post: a partner does not list its own post again under a
    reworded title, but a page showing the same "about us" excerpt under every title does."""
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "replace" and not any(_same_thing(x, y) for x in a[i1:i2] for y in b[j1:j2]):
            return True
    return False


def _same_title_key(new: Candidate, known: Candidate) -> bool:
    """The headlines share a key: the whole headline's, or the run at one end (a digest's words
    in front of the partner's headline)."""
    return not new.title_key_set.isdisjoint(known.title_key_set)


def _same_text_key(new: Candidate, known: Candidate) -> bool:
    """The summaries' openings share a text key (a copy with its own headline and a few words
    replaced)."""
    return not new.text_key_set.isdisjoint(known.text_key_set)


def _either_short(new: Candidate, known: Candidate) -> bool:
    return new.text.short or known.text.short


def title_agreement(new: Candidate, known: Candidate) -> float:
    """Share of the longer headline's words the other has too (in any order): what tells
    candidates equally alike in text apart, a series' issues under one boilerplate opening."""
    a, b = new.text, known.text
    if not a.title or not b.title:
        return 0.0
    return (a.title_counts & b.title_counts).total() / max(len(a.title), len(b.title))


def likeness(new: Candidate, known: Candidate) -> float | None:
    """same_story's cheap tests, no word alignment: None means same_story says False; else the
    share of the shorter summary's words the other has too, which ranks the candidates worth
    aligning. For texts too short to tell, which _same_short_text decides by the headline, the
    headlines' agreement: a bare boilerplate opening (a series' other issue cut short) does not
    outrank a copy whose words were measured.

    Close fingerprints or a shared title key (or, found by a text key alone, fingerprints within
    TEXT_KEY_HAMMING and the key shared), dates not months apart, and then, with summaries long
    enough to compare, enough words in common (words in common, counted with repeats, bound the
    words matching in order) and no number told by the shorter summary only (posts telling
    other counts and dates are different posts: a template reused, not a copy). A matcher runs this on
    a few candidates and the word alignment on fewer, so each new item costs about the same
    whatever the text.
    """
    distance = hamming(new.fingerprint, known.fingerprint)
    # Found by a text key alone: the summaries must then carry it by themselves (two partners'
    # own reports of one verdict share an opening sentence, not the rest). The distance tells
    # only when both fingerprints were made from the summary alone.
    by_text_alone = distance > HAMMING_THRESHOLD and not _same_title_key(new, known)
    if by_text_alone and (
        (distance > TEXT_KEY_HAMMING and not _either_short(new, known)) or not _same_text_key(new, known)
    ):
        return None
    apart = days_apart(new.published, known.published)
    if apart is not None and apart > DAYS_APART_MAX:
        return None  # the same text months later is a recurring announcement
    a, b = new.text, known.text
    if _contradicts(a.title, b.title, cut=False, names=False):
        # Another number, month or ordinal in the headline: same_story says no whatever the
        # text, so a series' other issue (its boilerplate opening all alike) is not the one aligned.
        return None
    shorter = min(len(a.compared), len(b.compared))
    if shorter < MIN_SUMMARY_WORDS:
        return title_agreement(new, known)
    if a.numbers and b.numbers:
        # A copy tells the numbers its original tells (cut shorter: some of them); a number the
        # shorter text tells and the longer not is another count or date. When the longer text
        # goes on past COMPARE_WORDS, the shorter's last numbers may lie beyond what was read:
        # then only numbers all different tell.
        fewer, more = (a, b) if len(a.compared) <= len(b.compared) else (b, a)
        if len(more.compared) < COMPARE_WORDS:
            if not fewer.numbers <= more.numbers:
                return None
        elif fewer.numbers.isdisjoint(more.numbers):
            return None
    share = (a.compared_counts & b.compared_counts).total() / shorter
    return share if share >= min(BODY_ALONE, BODY_WITH_TITLE) else None


def might_be_same_story(new: Candidate, known: Candidate) -> bool:
    """Whether same_story may say True: `likeness` found nothing against it."""
    return likeness(new, known) is not None


def same_story(new: Candidate, known: Candidate) -> bool:
    """Whether `new` is a copy of the story `known` (found by a lookup_keys lookup): a repost,
    a re-listing under another address, the excerpt cut elsewhere or lightly edited.

    The fingerprints must be within HAMMING_THRESHOLD, or the headlines share a title key, or
    the summaries a text key with fingerprints within TEXT_KEY_HAMMING; the
    dates be at most DAYS_APART_MAX apart, and then the texts must agree:

    - no name, number, month or ordinal swapped in title or summary ("part 1"/"part 2", one
      press-release template with another activist's name);
    - most of the shorter summary matching word for word: BODY_ALONE of it, or
      BODY_WITH_TITLE with a similar, informative title; stricter when the dates are weeks
      apart (the next newsletter);
    - within one source, a reworded title is another post (a page that shows its "about us"
      text as every excerpt);
    - with too little summary to compare, a near-identical informative title, the same
      summary opening and dates close together.
    """
    if not might_be_same_story(new, known):
        return False
    by_text_alone = hamming(new.fingerprint, known.fingerprint) > HAMMING_THRESHOLD and not _same_title_key(new, known)
    apart = days_apart(new.published, known.published)
    a, b = new.text, known.text
    title = _similarity(a.title, b.title)
    # A headline of the reposting partner's own may name things its own way ("Parliament" /
    # "Jogorku Kenesh"); a name swapped in an otherwise equal title is another post.
    if _contradicts(a.title, b.title, cut=False, names=title >= TITLE_AGREES):
        return False
    if _contradicts(a.compared, b.compared, cut=True):
        return False
    informative = min(_informative(a.title), _informative(b.title)) >= MIN_TITLE_WORDS
    if min(len(a.compared), len(b.compared)) < MIN_SUMMARY_WORDS:
        return _same_short_text(a, b, title=title, informative=informative, apart=apart)
    if new.source_id == known.source_id and (title < TITLE_AGREES or _reworded(a.title, b.title)):
        return False
    body = _matched(a.compared, b.compared)
    if by_text_alone:
        return body >= BODY_ALONE and (apart is None or apart <= DAYS_APART_STRICT)
    if apart is not None and apart > DAYS_APART_STRICT:
        return body >= BODY_ALONE and title >= TITLE_NEAR_IDENTICAL
    return body >= BODY_ALONE or (informative and body >= BODY_WITH_TITLE and title >= TITLE_AGREES)


def _same_short_text(a: StoryText, b: StoryText, *, title: float, informative: bool, apart: timedelta | None) -> bool:
    # Too little summary for SimHash or word shares to mean much: an informative headline and
    # the summary's opening, published close together, carry it. A digest cutting a one-line
    # excerpt still replaces or adds a word in it ("Serdecznie zapraszamy..."), or one word of
    # the headline: a near-identical headline with the opening mostly matching will do, or a
    # headline mostly agreeing with the opening word for word (SHORT_OPENING_WORDS or more).
    if not informative or (apart is not None and apart > SHORT_TEXT_DAYS):
        return False
    common = min(len(a.compared), len(b.compared))
    if common == 0:
        return title >= TITLE_NEAR_IDENTICAL  # a news page without excerpts: the headline alone
    same_opening = _texts(a.compared[:common]) == _texts(b.compared[:common])
    if same_opening and common >= SHORT_OPENING_WORDS:
        return title >= SHORT_TITLE_AGREES
    return title >= TITLE_NEAR_IDENTICAL and (same_opening or _matched(a.compared, b.compared) >= SHORT_OPENING_MATCHED)
