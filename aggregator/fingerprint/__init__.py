"""Near-duplicate stories and language versions of one post: pure decisions for the store.

Exact repeats (the same canonical URL, the same GUID in a source) are recognised by
`dedup.url_key`. This module recognises the rest of issue 5, "One story, published once":

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

1. `candidate(...)` makes its Candidate (fingerprint included); `lookup_keys(title,
   fingerprint)` gives the keys to look up: its SimHash band keys (any story within
   HAMMING_THRESHOLD bits shares one) and the key of its headline (`title_key`).
2. Each recent story sharing a key is checked with `same_story(new, known)`.
3. Stories sharing its `version_lookup_key`, linked by hreflang, or published within
   VERSION_DAYS by the same source in another language are checked with
   `same_post_in_other_language(new, known, alternates)`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import operator
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

from aggregator import extract
from aggregator.dedup import url_key

# --- parameters ------------------------------------------------------------------------------

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

# Language versions without an address relation: a bilingual site publishes both together.
VERSION_DAYS = timedelta(days=2)
ANCHOR_WORDS = 40  # summary words searched for names and numbers
MIN_SHARED_ANCHORS = 2
ANCHORS_IN_ORDER = 0.5  # difflib ratio of the two sequences of names and numbers

# --- data tables -----------------------------------------------------------------------------

# Prefixes a reposting partner puts before the original title.
REPOST_PREFIXES = [
    "repost", "reposted", "reblog", "reblogged", "cross-post", "crosspost", "from our partners",
    "partner news", "news from our partners", "återpublicerat", "återpublicering",
    "från våra partner", "från våra partners", "från våra partnerorganisationer", "partnernytt",
    "репост", "перепост", "от наших партнеров", "от наших партнёров", "новости партнеров",
    "новости партнёров", "партнерлордун жаңылыктары", "серіктестер жаңалықтары",
    "hamkorlar yangiliklari", "przedruk", "od naszych partnerów", "udostępniamy",
]  # fmt: skip

# Letters without a Unicode decomposition that partners nevertheless type both ways.
LETTER_FOLDS = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
# Apostrophes vanish, so "oʻzbek", "o'zbek" and "o‘zbek" are one word.
APOSTROPHES = extract.APOSTROPHES + "ʹ′"

# Words whose change means another issue, part or date: they are never small edits.
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "januari", "februari", "mars", "maj", "juni", "juli", "augusti", "oktober",
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
    "ноябрь", "декабрь", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
    "сентября", "октября", "ноября", "декабря", "январда", "февралда", "мартта", "апрелде", "майда",
    "июнда", "июлда", "августта", "сентябрда", "октябрда", "ноябрда", "декабрда", "қаңтар", "ақпан",
    "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    "yanvar", "fevral", "aprel", "iyun", "iyul", "avgust", "sentabr", "oktabr", "noyabr", "dekabr",
    "styczeń", "luty", "marzec", "kwiecień", "czerwiec", "lipiec", "sierpień", "wrzesień",
    "październik", "listopad", "grudzień", "stycznia", "lutego", "marca", "kwietnia", "maja",
    "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
]  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "final", "första", "andra", "tredje", "fjärde",
    "первый", "первая", "первое", "второй", "вторая", "второе", "третий", "третья", "третье",
    "биринчи", "экинчи", "үчүнчү", "бірінші", "екінші", "үшінші", "birinchi", "ikkinchi",
    "uchinchi", "pierwsza", "pierwszy", "druga", "drugi", "trzecia", "trzeci",
]  # fmt: skip
# Title words that name a kind of post, not a post: "Nyhetsbrev", "Новости", "Monthly digest".
GENERIC_TITLE_WORDS = [
    "news", "update", "updates", "newsletter", "monthly", "weekly", "digest", "press", "release",
    "statement", "announcement", "report", "blog", "post", "info", "issue", "no", "nr", "photo",
    "gallery", "nyheter", "nyhetsbrev", "månadsbrev", "pressmeddelande", "uttalande", "rapport",
    "inlägg", "новости", "новость", "дайджест", "недели", "заявление", "пресс", "релиз",
    "объявление", "выпуск", "жаңылыктар", "жаңылык", "билдирүү", "жаңалықтар", "жаңалық",
    "мәлімдеме", "yangiliklar", "янгиликлар", "bayonot", "ахбор", "хабарҳо", "изҳорот",
    "aktualności", "wiadomości", "komunikat", "oświadczenie", "biuletyn",
    "the", "a", "an", "of", "and", "for", "our", "from", "in", "och", "för", "från", "vårt", "и",
    "в", "за", "от", "наши", "жана", "және", "va", "i", "w", "z", "za",
]  # fmt: skip

# A language in a URL: a path segment, subdomain or query value. "kg", "kz", "tj" are how
# Central Asian sites write Kyrgyz, Kazakh and Tajik; "oz" is Uzbek Latin on .uz sites.
URL_LANGUAGES = {
    "en": "en", "eng": "en", "english": "en", "sv": "sv", "se": "sv", "swe": "sv", "svenska": "sv",
    "ru": "ru", "rus": "ru", "russian": "ru", "ky": "ky", "kg": "ky", "kir": "ky", "kyrgyz": "ky",
    "kk": "kk", "kz": "kk", "kaz": "kk", "qaz": "kk", "uz": "uz", "oz": "uz", "uzb": "uz",
    "tg": "tg", "tj": "tg", "tgk": "tg", "pl": "pl", "pol": "pl", "de": "de", "fr": "fr",
    "uk": "uk", "ua": "uk",
}  # fmt: skip
URL_LANGUAGE_PARAMS = frozenset({"lang", "language", "lng", "hl", "locale", "lan"})

# Cyrillic -> Latin, only to compare names across scripts ("Секербаева" ~ "Sekerbaeva").
TRANSLITERATION = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o",
        "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ҳ": "h", "ҷ": "j", "ў": "u",
    }
)  # fmt: skip


# --- normalised words ------------------------------------------------------------------------

# A word (a run of letters and digits) with what separates it from the previous one: words()
# reads the separator to tell whether the word starts a sentence.
_GAP_AND_WORD_RE = re.compile(r"([\W_]*)([^\W_]+)")
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES))
# str.translate looks up every character of a non-ASCII text in Python; most texts have no
# apostrophe at all, and this search finds that out in C.
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
# A word right after these starts a sentence, so its capital says nothing. After an opening
# quote it depends on what comes before the quote: «Феминита» mid-sentence is a name.
_SENTENCE_BREAK = frozenset(".!?:;(–—")
_OPENING_QUOTES = frozenset('«“„"')
_TITLE_CASE_SHARE = 0.6  # more capitalised words than this: "Title Case", capitals say nothing
# "NUKUS.", "АЛМАТЫ —", "BISHKEK, 12 May —": a wire dateline one copy has and another not.
_DATELINE_RE = re.compile(r"^\s*(?P<place>[^\W\d_][^\W\d_ -]*(?:[ -][^\W\d_]+){0,2})(?:,[^.:—–]{0,25})?\s*[.:—–-]\s+")
# "Kazakhstan:", "Our partner Novi Ritm writes:", "KobieTY writes:": a lead-in before the text.
_LEAD_IN_RE = re.compile(r"^\s*(?P<lead>[^.!?:\n]{1,50}):\s+")
MAX_LEAD_IN_WORDS = 6
TRAILING_WORDS = 8  # the longest "Read more" phrase, in words, with room to spare


@dataclass(frozen=True)
class Word:
    text: str  # normalised: casefolded, diacritics and apostrophes gone
    name: bool  # capitalised mid-sentence: a name, place or organisation
    capital: bool  # written with a capital letter


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    # ё/е, й/и, ö/o: partners (and their keyboards) write these both ways, so marks go.
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(LETTER_FOLDS.get(char, char) for char in bare)


def _folded(table: list[str]) -> frozenset[str]:
    return frozenset(_fold(word.translate(_DROP_APOSTROPHES)) for word in table)


# The tables as words() spells them.
_MONTH_WORDS = _folded(MONTHS)
_ORDINAL_WORDS = _folded(ORDINALS)
_PLAIN_TITLE_WORDS = _folded(GENERIC_TITLE_WORDS) | _MONTH_WORDS
# English capitalises months and weekdays, other languages don't: they are not names.
_CALENDAR_WORDS = _MONTH_WORDS | _folded(WEEKDAYS)


_IS_NAME = operator.attrgetter("name")


def words(text: str, limit: int | None = None) -> list[Word]:
    """The words of a text (the first `limit`), normalised, each marked when it looks like a name."""
    text = unicodedata.normalize("NFC", text)
    if _APOSTROPHE_RE.search(text):
        text = text.translate(_DROP_APOSTROPHES)
    # All pairs at once in C, then cut: a loop over the matches cost more, stopping early or not.
    pairs = _GAP_AND_WORD_RE.findall(text)
    if limit is not None:
        del pairs[limit:]
    found = [_word_after(gap, raw, index == 0) for index, (gap, raw) in enumerate(pairs)]
    capitalised = sum(map(_IS_NAME, found))
    if len(found) >= 4 and capitalised > _TITLE_CASE_SHARE * (len(found) - 1):
        found = [Word(word.text, False, word.capital) for word in found]
    return found


def _texts(sequence: Sequence[Word]) -> list[str]:
    return [word.text for word in sequence]


def _informative(title: Sequence[Word]) -> int:
    """Title words that identify a post (not "Monthly", "Newsletter", a month, a number)."""
    return sum(1 for word in title if word.text not in _PLAIN_TITLE_WORDS and not word.text.isdigit())


@functools.lru_cache(maxsize=1 << 15)
def _word(raw: str, starts_sentence: bool) -> Word:
    # Words repeat across posts far more than they are new: one shared Word for each spelling
    # and position saves folding it and building it again (Word is immutable).
    capital = raw[0].isupper()
    return Word(_fold(raw), capital and not starts_sentence, capital)


@functools.lru_cache(maxsize=1 << 16)
def _word_after(gap: str, raw: str, first: bool) -> Word:
    """The word `raw` after `gap`; `first`: nothing came before the gap."""
    breaks = _breaks_sentence(gap)
    # The first word starts a sentence unless something before it says otherwise.
    return _word(raw, first if breaks is None else breaks)


@functools.lru_cache(maxsize=4096)
def _breaks_sentence(between: str) -> bool | None:
    """Whether `between` (the text between two words) ends a sentence; None when it holds
    nothing but spaces and opening quotes: then only the start of the text does. Cached: the
    same few separators (" ", ", ", ". ") come between almost all words."""
    tail = between.rstrip()
    if tail[-1:] in _OPENING_QUOTES:
        tail = tail[:-1].rstrip()
    if not tail:
        return None
    return tail[-1] in _SENTENCE_BREAK or tail.endswith(" -")


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


def fingerprint_text(title: str, summary: str) -> str:
    """The normalised text a fingerprint is made from: casefolded, without diacritics,
    punctuation, markers or boilerplate; the opening SUMMARY_WORDS words of the summary, with
    the title in front only when the summary has fewer than MIN_SUMMARY_WORDS words."""
    head = title_words(title)
    body = summary_words(summary, head)
    chosen = body if len(body) >= MIN_SUMMARY_WORDS else [*head, *body]
    return " ".join(word.text for word in chosen)


# --- SimHash and its index -------------------------------------------------------------------

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


# A label before the headline that copies add or drop: "Kazakhstan: ...", "Feminita: ...".
_TITLE_LABEL_RE = re.compile(r"^\s*[^\W\d_][^:\d]{0,30}:\s+(?=\S)")


@functools.lru_cache(maxsize=4096)
def title_key(title: str) -> int | None:
    """Index key of a headline: equal for the same informative headline however it is marked,
    prefixed ("Repost:", "Kazakhstan:"), cased or punctuated. It finds the copies whose
    excerpt was edited in its opening words, which moves their SimHash too far.

    None for a headline with fewer than MIN_TITLE_WORDS informative words ("News",
    "Nyhetsbrev", "Monthly digest"): such a key would only collect unrelated posts.
    """
    clean = _title_text(title)
    unlabelled = _TITLE_LABEL_RE.sub("", clean)
    # Most headlines have no label: their words are title_words', made once for both.
    head = title_words(title) if unlabelled == clean else words(unlabelled)
    if _informative(head) < MIN_TITLE_WORDS:
        return None
    digest = hashlib.blake2b(" ".join(_texts(head)).encode("utf-8"), digest_size=6).digest()
    return TITLE_KEY_TAG << 56 | int.from_bytes(digest, "little")


def lookup_keys(title: str, fingerprint: int) -> list[int]:
    """Every index key of a story: its band keys and, when it has one, its title key. A known
    story sharing any of them with a new item is a candidate for same_story."""
    key = title_key(title)
    return band_keys(fingerprint) + ([] if key is None else [key])


def is_title_key(key: int) -> bool:
    """Whether an index key is a title_key (else a band key)."""
    return key >> 56 == TITLE_KEY_TAG


def to_signed(fingerprint: int) -> int:
    """The fingerprint as a signed 64-bit number, for a BIGINT column."""
    return fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint


def from_signed(value: int) -> int:
    """The fingerprint back from a BIGINT column."""
    return value & _MASK


# --- the same story? -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One new item or stored story as the deciders see it.

    `title` is best the title as published, language marker included ("[English] ..."): the
    fingerprint ignores the marker, and same_post_in_other_language needs it. `published` is
    the post's date, else when it was first seen (None only when neither is known).
    """

    title: str
    summary: str
    url: str
    language: str | None
    published: datetime | None
    source_id: str
    fingerprint: int  # simhash(fingerprint_text(title, summary)), unsigned


def candidate(
    *, title: str, summary: str, url: str, language: str | None, published: datetime | None, source_id: str
) -> Candidate:
    """A Candidate with its fingerprint computed."""
    fingerprint = simhash(fingerprint_text(title, summary))
    return Candidate(title, summary, url, language, published, source_id, fingerprint)


@dataclass(frozen=True)
class _View:
    title: tuple[Word, ...]
    summary: tuple[Word, ...]  # the opening COMPARE_WORDS words


def _view(candidate: Candidate) -> _View:
    head = title_words(candidate.title)
    return _View(head, summary_words(candidate.summary, head, COMPARE_WORDS))


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
    key = title_key(new.title)
    return key is not None and key == title_key(known.title)


def _days_apart(a: datetime | None, b: datetime | None) -> timedelta | None:
    return None if a is None or b is None else abs(a - b)


def same_story(new: Candidate, known: Candidate) -> bool:
    """Whether `new` is a copy of the story `known` (found by a lookup_keys lookup): a repost,
    a re-listing under another address, the excerpt cut elsewhere or lightly edited.

    The fingerprints must be within HAMMING_THRESHOLD or the headlines share a title_key, the
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
    if hamming(new.fingerprint, known.fingerprint) > HAMMING_THRESHOLD and not _same_title_key(new, known):
        return False
    apart = _days_apart(new.published, known.published)
    if apart is not None and apart > DAYS_APART_MAX:
        return False  # the same text months later is a recurring announcement
    a, b = _view(new), _view(known)
    title = _similarity(a.title, b.title)
    # A headline of the reposting partner's own may name things its own way ("Parliament" /
    # "Jogorku Kenesh"); a name swapped in an otherwise equal title is another post.
    if _contradicts(a.title, b.title, cut=False, names=title >= TITLE_AGREES):
        return False
    if _contradicts(a.summary, b.summary, cut=True):
        return False
    informative = min(_informative(a.title), _informative(b.title)) >= MIN_TITLE_WORDS
    if min(len(a.summary), len(b.summary)) < MIN_SUMMARY_WORDS:
        return _same_short_text(a, b, title=title, informative=informative, apart=apart)
    if new.source_id == known.source_id and (title < TITLE_AGREES or _reworded(a.title, b.title)):
        return False
    body = _matched(a.summary, b.summary)
    if apart is not None and apart > DAYS_APART_STRICT:
        return body >= BODY_ALONE and title >= TITLE_NEAR_IDENTICAL
    return body >= BODY_ALONE or (informative and body >= BODY_WITH_TITLE and title >= TITLE_AGREES)


def _same_short_text(a: _View, b: _View, *, title: float, informative: bool, apart: timedelta | None) -> bool:
    # Too little summary for SimHash or word shares to mean much: only a near-identical,
    # informative title with the same summary opening, published close together, will do.
    common = min(len(a.summary), len(b.summary))
    same_opening = _texts(a.summary[:common]) == _texts(b.summary[:common])
    close = apart is None or apart <= SHORT_TEXT_DAYS
    return informative and title >= TITLE_NEAR_IDENTICAL and same_opening and close


# --- language versions -----------------------------------------------------------------------

_LOCALE_RE = re.compile(r"^(?P<code>[a-z]{2,7})(?:[-_](?:[a-z]{2}|latn|cyrl))?$")


def _url_language(label: str) -> str | None:
    match = _LOCALE_RE.match(label.lower())
    return URL_LANGUAGES.get(match.group("code")) if match else None


@functools.lru_cache(maxsize=4096)  # asked for the same new item's URL by every version candidate
def _split_language(url: str) -> tuple[str, bool] | None:
    """(host + path + query without the language part, whether there was one); None for a
    home page or a non-http address."""
    key = url_key(url)
    if not key:
        return None
    parts = urlsplit(key)
    host = parts.netloc.removeprefix("www.")
    found = False
    labels = host.split(".")
    if len(labels) >= 3 and _url_language(labels[0]):
        host, found = ".".join(labels[1:]), True
    segments = [segment for segment in parts.path.split("/") if segment]
    # The language part leads the path, or follows the directory a site is installed in
    # (example.org/blog/en/...): the first two segments are looked at, no deeper.
    for position, segment in enumerate(segments[:2]):
        if _url_language(segment):
            segments, found = segments[:position] + segments[position + 1 :], True
            break
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in query if name.lower() not in URL_LANGUAGE_PARAMS]
    found = found or len(kept) < len(query)
    if not segments and not kept:
        return None
    rest = "/".join(segments) + (f"?{urlencode(kept)}" if kept else "")
    return f"{host}/{rest}", found


def version_key(url: str) -> str | None:
    """A key shared by the language versions of one post: host and path without the language
    part (`/en/`, `/kg/`, `/ru-ru/`, `?lang=ru`, `sv.site.org`: Polylang and WPML shapes).

    None when the URL has no language part, or nothing is left without it (a home page).
    """
    split = _split_language(url)
    return split[0] if split and split[1] else None


def version_lookup_key(url: str) -> str | None:
    """What the store indexes to find language versions: version_key, or for an address
    without a language part the same form of it, because a site's default language often has
    no prefix (`/news/123` beside `/en/news/123`). None for a home page or non-http address."""
    split = _split_language(url)
    return split[0] if split else None


def _skeleton(word: str) -> str:
    # Names compared across languages and scripts by their first consonants: "Kyrgyzstan",
    # "Kirgizistan" and "Кыргызстан" all become "krg", "Poland" and "Polen" "pln". "h" goes
    # too: Russian writes "Казахстан" (kh), Kazakh "Қазақстан" (k).
    latin = word.replace("дж", "j").translate(TRANSLITERATION)  # "Джалал-Абад" is "Jalal-Abad"
    return (latin[:1] + re.sub(r"[aeiouyh]+", "", latin[1:]))[:3]


def _anchors(found: Sequence[Word], *, headline: bool = False) -> list[str]:
    """Names and numbers of a text in order, in a form that survives translation. In a
    `headline` the first word counts as a name when capitalised ("Rosengård: ...")."""
    anchors = []
    for index, word in enumerate(found):
        name = word.name or (headline and index == 0 and word.capital)
        if word.text.isdigit():
            anchors.append(word.text.lstrip("0") or "0")
        elif name and len(word.text) >= 3 and word.text not in _CALENDAR_WORDS:
            anchors.append(_skeleton(word.text))
    return anchors


def _told(candidate: Candidate) -> list[str]:
    head = title_words(candidate.title)
    return _anchors(head, headline=True) + _anchors(summary_words(candidate.summary, head, ANCHOR_WORDS))


def _marked_versions(new: Candidate, known: Candidate) -> bool:
    """Same source, both titles marked with different languages, published within
    VERSION_DAYS, and telling the same names and numbers in the same order: a translation
    keeps them, a follow-up post about the same people and places reorders and changes them."""
    if new.source_id != known.source_id:
        return False
    apart = _days_apart(new.published, known.published)
    if apart is None or apart > VERSION_DAYS:
        return False
    markers = {extract.clean_title(new.title)[1], extract.clean_title(known.title)[1]}
    if None in markers or len(markers) != 2:
        return False
    ours, theirs = _told(new), _told(known)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= MIN_SHARED_ANCHORS and matcher.ratio() >= ANCHORS_IN_ORDER


def same_post_in_other_language(new: Candidate, known: Candidate, alternates: frozenset[str] = frozenset()) -> bool:
    """Whether `new` is `known` in another language.

    The languages must differ (both known), and one of: the addresses differ only in their
    language part (same version_key, or a language prefix on one and none on the other on the
    same host); a hreflang link of `new` (`alternates`) points at `known`; or both are marked
    translations ("[English] ...", "(Svenska) ...") from one source, published within
    VERSION_DAYS, naming the same people, places and numbers.
    """
    if not new.language or not known.language or new.language == known.language:
        return False
    key_new, key_known = url_key(new.url), url_key(known.url)
    if not key_new or not key_known or key_new == key_known:
        return False  # one address is one page: not this question
    if key_known in {url_key(alternate) for alternate in alternates}:
        return True
    lookup = version_lookup_key(new.url)
    prefixed = version_key(new.url) or version_key(known.url)
    if lookup and lookup == version_lookup_key(known.url) and prefixed:
        return True  # the addresses differ only in their language part
    return _marked_versions(new, known)
