"""Publication dates in every partner language: ISO 8601 and RFC 822 first, our month table for
"5 июля 2019"-like dates, dateparser for the rest; implausible dates are dropped.
"""

from __future__ import annotations

import email.utils
import functools
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from aggregator.extract.codes import normalize_language
from aggregator.extract.lexicon import MONTHS, YEAR_WORDS
from aggregator.extract.text import plain_text

# A token is a month when it starts with one of lexicon.MONTHS' stems and has at most this many
# letters more (case endings such as Russian "июля", Kyrgyz "июлунда", Swedish "augusti").
MONTH_SUFFIX_MAX = 4

# Zone abbreviations partners' feeds carry that email.utils does not know (it knows UT, GMT
# and the US zones). ALMT: Kazakhstan moved to +05 in March 2024; the name still means +06.
ZONE_OFFSETS: dict[str, str] = {
    "ALMT": "+0600",
    "KGT": "+0600",
    "TJT": "+0500",
    "UZT": "+0500",
    "MSK": "+0300",
    "WET": "+0000",
    "WEST": "+0100",
    "CET": "+0100",
    "CEST": "+0200",
    "EET": "+0200",
    "EEST": "+0300",
}

EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)

DATE_TEXT_MAX = 200  # longer strings are not dates; keeps dateparser fast


_WORD = r"[^\W\d_]+"
_DAY_NUM = r"(?<!\d)(?P<d>\d{1,2})(?!\d)"
# Ordinal endings: Russian "5-го", English "5th", Tajik "5-уми".
_DAY = _DAY_NUM + r"(?:-?(?:го|е|ое|th|st|nd|rd|уми|ум)\b|\.)?"
_YEAR = r"(?<!\d)(?P<y>\d{4})(?!\d)"
_DATE_PATTERNS = [
    # "14 augusti 2018", "14 августа 2018 г.", "Tis, 28 Maj 2019", "5-июль, 2019-ж."
    re.compile(rf"{_DAY}[\s\-]*(?P<m>{_WORD})\.?,?[\s\-]+(?:(?:{'|'.join(YEAR_WORDS)})\s+)?{_YEAR}"),
    # "July 5, 2019"
    re.compile(rf"(?P<m>{_WORD})\.?\s+{_DAY},?\s+{_YEAR}"),
    # "2019-жылдын 5-июлу", "2019 жылғы 12 мамыр", "2019-yil 5-iyul"
    re.compile(rf"{_YEAR}[\s\-]*(?:{_WORD}\.?,?\s*)?{_DAY}[\s\-]*(?P<m>{_WORD})"),
    # "28.05.2019" (dotted numeric dates are day-first everywhere we read)
    re.compile(rf"{_DAY_NUM}\.(?P<mn>\d{{1,2}})\.{_YEAR}"),
]
_TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap>[ap]\.?m\.?)(?!\w))?(?:\s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})(?!\d))?",
    re.IGNORECASE,
)


@functools.cache
def _month_stems() -> list[tuple[str, int]]:
    pairs = [(stem.casefold(), month) for month, stems in MONTHS.items() for stem in stems]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _month_number(word: str) -> int | None:
    token = word.casefold().rstrip(".")
    for stem, month in _month_stems():
        if token.startswith(stem) and len(token) - len(stem) <= MONTH_SUFFIX_MAX:
            return month
    return None


def _zone(value: str | None) -> timezone:
    if not value or value.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _time_of(text: str) -> tuple[int, int, int, timezone]:
    match = _TIME_RE.search(text)
    if not match:
        return 0, 0, 0, UTC
    hour, minute = int(match["h"]), int(match["mi"])
    ampm = (match["ap"] or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return hour, minute, int(match["s"] or 0), _zone(match["z"])


def _parse_with_table(text: str) -> datetime | None:
    """Own fast path for "day month-name year" in all our languages (incl. ky/kk/tg)."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mn"]) if groups.get("mn") else _month_number(groups["m"])
            if not month:
                continue
            hour, minute, second, tz = _time_of(text[match.end() :] + " " + text[: match.start()])
            try:
                return datetime(int(match["y"]), month, int(match["d"]), hour, minute, second, tzinfo=tz)
            except ValueError:
                continue
    return None


_ZONE_NAME_RE = re.compile(rf"\b(?:{'|'.join(ZONE_OFFSETS)})\b")
_GMT_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d)")
_SHORT_OFFSET_RE = re.compile(r"(?<=\s)(?P<sign>[+-])(?P<h>\d{2})$")
_IANA_SUFFIX_RE = re.compile(r"\[[A-Za-z_/+\-]+\]$")


def _normalise_zone(text: str) -> str:
    """Zones written oddly -> "+HHMM": "ALMT", "GMT+6", a bare "+06" (which email.utils reads
    as six minutes), and the RFC 9557 "[Asia/Bishkek]" suffix dropped."""
    text = _IANA_SUFFIX_RE.sub("", text).strip()
    text = _ZONE_NAME_RE.sub(lambda m: ZONE_OFFSETS[m[0]], text)
    text = _GMT_OFFSET_RE.sub(lambda m: f"{m['sign']}{int(m['h']):02d}{m['m'] or '00'}", text)
    return _SHORT_OFFSET_RE.sub(lambda m: f"{m['sign']}{m['h']}00", text)


def _parse_fast(text: str) -> datetime | None:
    """ISO 8601 and English RFC 822 via the standard library."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@functools.cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.data import language_order

    return frozenset(language_order)


def _parse_with_dateparser(text: str, languages: Sequence[str], now: datetime) -> datetime | None:
    import dateparser

    supported = _dateparser_languages()
    langs = [c for c in dict.fromkeys(map(normalize_language, languages or ())) if c in supported]
    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "TIMEZONE": "UTC",
        "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
        "REQUIRE_PARTS": ["month", "year"],  # a bare "5" is not a publication date
    }
    return dateparser.parse(text, languages=langs or None, settings=settings)


def parse_date(text: str | None, languages: Sequence[str] = (), *, now: datetime | None = None) -> datetime | None:
    """Timezone-aware publication date, or None if unparseable or implausible."""
    if not isinstance(text, str):
        return None
    text = plain_text(text)
    if not text or len(text) > DATE_TEXT_MAX:
        return None
    if not isinstance(now, datetime):
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    try:
        text = _normalise_zone(text)
        parsed = _parse_fast(text) or _parse_with_table(text)
        if parsed is None:
            parsed = _parse_with_dateparser(text, languages, now)
    except Exception:  # dateparser has been known to raise on odd input
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    # Dates before the web era or in the future are parse errors or CMS junk.
    if parsed < EARLIEST_DATE or parsed > now + FUTURE_TOLERANCE:
        return None
    return parsed
