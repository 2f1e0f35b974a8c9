"""Move the fixture web's dates close to today, so the demo looks like a partner network at work.

The fixture posts date from 2017-2024. Served as they are, every partner looks silent for years
and the staff charts (the last twelve months) stay empty. So the fixture web rewrites each date
in the bodies it serves by a whole number of days, fixed per partner folder for as long as the
server runs (the files stay as they are):

- whole days keep each date's time of day and UTC offset, so only the calendar date (and an RFC
  822 weekday) changes, and a day-only date stays a day-only date;
- each group of folders gets one offset, chosen so its newest date is a given number of days
  old: the spacing of posts inside a group is kept, so a copy published a day after the
  original (Feminita's of CAG's post) stays a day after it and is still found to be a copy;
- one partner is kept quiet on purpose (see DEMO_AGES), one fails (robots.txt), the rest are
  healthy.

Dates are found in the forms partners send: RFC 822 (RSS), RFC 3339 date-times (Atom, JSON
Feed, HTML `datetime` attributes), `datetime="YYYY-MM-DD"`, and a day, month name and year that
are the whole text of an HTML element ("28 maja 2019", "14 augusti, 2019"). Dates inside URLs,
tag: ids and running text are left alone: they name things, they do not date them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# Groups of partner folders sharing one offset, and how many days old each group's newest date
# is made. CAG and Feminita move together (Feminita republishes CAG's posts a day later), which
# leaves Feminita, whose last post is months older than CAG's, quiet: the demo's quiet partner.
DEMO_AGES: Mapping[tuple[str, ...], int] = {
    ("cag", "feminita"): 1,
    ("novi-ritm",): 2,
    ("kobiety",): 3,
    ("bir-duino",): 4,
    ("crd",): 6,
}

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Month names as they stand after a day number, per language (Polish and Russian in the genitive).
_MONTH_NAMES = {  # split once here: a list literal of 48 names reads worse
    "en": "january february march april may june july august september october november december".split(),  # noqa: SIM905
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),  # noqa: SIM905
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),  # noqa: SIM905
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),  # noqa: SIM905
}
_PAGE_LANGUAGE = re.compile(r"<html[^>]*?\slang=[\"']?(?P<code>[a-zA-Z]{2})")

_RFC822 = re.compile(
    r"\b(?:(?P<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(?P<day>\d{1,2}) (?P<month>"
    + "|".join(_MONTHS)
    + r") (?P<year>\d{4})(?= \d{2}:\d{2})"
)
_ISO_DATETIME = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?=T\d{2}:\d{2})")
_ISO_ATTRIBUTE = re.compile(r"(?<=datetime=[\"'])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?=[\"'])")
_NAMED_DATE = re.compile(
    r"(?<=>)(?P<lead>\s*)(?P<day>\d{1,2})(?P<dot>\.?\s+)(?P<month>\w+)(?P<comma>,?\s+)(?P<year>\d{4})(?=\s*<)"
)


@dataclass(frozen=True)
class DateShift:
    """Days to add to the dates served from each top-level folder; folders not named keep theirs."""

    days: Mapping[str, int] = field(default_factory=dict)

    def days_for(self, path: str) -> int:
        """The offset for a served path ("/cag/feed.xml") or a folder name ("cag")."""
        return self.days.get(path.lstrip("/").split("/", 1)[0], 0)

    def apply(self, path: str, body: bytes) -> bytes:
        """`body` as served at `path`, its dates moved."""
        days = self.days_for(path)
        if not days:
            return body
        text, encoding = _decoded(body)
        return shift_text(text, days).encode(encoding)


def plan(root: Path, today: date, ages: Mapping[tuple[str, ...], int] = DEMO_AGES) -> DateShift:
    """Offsets making each group's newest date under `root` `ages[group]` days before `today`."""
    days: dict[str, int] = {}
    for folders, age in ages.items():
        newest = max((found for folder in folders for found in _dates_under(root / folder)), default=None)
        if newest is not None:
            days.update(dict.fromkeys(folders, (today - timedelta(days=age) - newest).days))
    return DateShift(days)


def shift_text(text: str, days: int) -> str:
    """`text` with every date in a form this module knows moved by `days` days."""
    text = _RFC822.sub(lambda m: _rfc822(m, days), text)
    text = _ISO_DATETIME.sub(lambda m: _iso(m, days), text)
    text = _ISO_ATTRIBUTE.sub(lambda m: _iso(m, days), text)
    language = _page_language(text)
    return _NAMED_DATE.sub(lambda m: _named(m, days, language), text)


def dates_in(text: str) -> list[date]:
    """Every date `shift_text` would move, as found."""
    language = _page_language(text)
    found = [
        *(_rfc822_date(match) for match in _RFC822.finditer(text)),
        *(_iso_date(match) for pattern in (_ISO_DATETIME, _ISO_ATTRIBUTE) for match in pattern.finditer(text)),
        *(_named_date(match, language) for match in _NAMED_DATE.finditer(text)),
    ]
    return [moment for moment in found if moment is not None]


def _decoded(body: bytes) -> tuple[str, str]:
    """The text and how to encode it back. Not UTF-8 (Novi Ritm's windows-1251 feed): read as
    Latin-1, which gives every byte back unchanged, so the ASCII dates can still be moved."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1"


def _dates_under(folder: Path) -> Iterable[date]:
    for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if file.is_file():
            yield from dates_in(_decoded(file.read_bytes())[0])


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _rfc822_date(match: re.Match[str]) -> date | None:
    return _valid(int(match["year"]), _MONTHS.index(match["month"]) + 1, int(match["day"]))


def _rfc822(match: re.Match[str], days: int) -> str:
    old = _rfc822_date(match)
    if old is None:
        return match[0]
    new = old + timedelta(days=days)
    weekday = f"{_WEEKDAYS[new.weekday()]}, " if match["weekday"] else ""
    day = f"{new.day:0{len(match['day'])}d}"
    return f"{weekday}{day} {_MONTHS[new.month - 1]} {new.year}"


def _iso_date(match: re.Match[str]) -> date | None:
    return _valid(int(match["year"]), int(match["month"]), int(match["day"]))


def _iso(match: re.Match[str], days: int) -> str:
    old = _iso_date(match)
    return (old + timedelta(days=days)).isoformat() if old else match[0]


def _page_language(text: str) -> str | None:
    found = _PAGE_LANGUAGE.search(text)
    return found["code"].lower() if found else None


def _month_names(name: str, language: str | None) -> list[str] | None:
    """The month names `name` is one of: the page's language's first ("september" is English
    and Swedish, and the month after it is spelled differently in each)."""
    tables = [_MONTH_NAMES[language]] if language in _MONTH_NAMES else []
    return next((names for names in (*tables, *_MONTH_NAMES.values()) if name.lower() in names), None)


def _named_date(match: re.Match[str], language: str | None) -> date | None:
    names = _month_names(match["month"], language)
    return _valid(int(match["year"]), names.index(match["month"].lower()) + 1, int(match["day"])) if names else None


def _named(match: re.Match[str], days: int, language: str | None) -> str:
    old = _named_date(match, language)
    names = _month_names(match["month"], language)
    if old is None or names is None:
        return match[0]
    new = old + timedelta(days=days)
    month = names[new.month - 1]
    if match["month"][0].isupper():
        month = month.capitalize()
    return f"{match['lead']}{new.day}{match['dot']}{month}{match['comma']}{new.year}"
