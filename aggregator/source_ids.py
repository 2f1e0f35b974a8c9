"""Source ids made from names: "Новый ритм" -> "novyy-ritm", "KobieTY" -> "kobiety" (pure).

An id is what sources.yaml, the store and the partner pages' folders know a source by, so it
must read as the name does (config.SOURCE_ID: a-z, 0-9 and -). Cyrillic is transliterated,
with the letters of Kazakh, Kyrgyz, Tajik, Uzbek and Ukrainian too; Latin letters lose their
accents; anything else (a script we do not transliterate, an emoji) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, MutableMapping
from urllib.parse import urlsplit

__all__ = ["MAX_ID_LENGTH", "slug", "unique_id"]

MAX_ID_LENGTH = 40

_CYRILLIC = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": ""},
    **{"ю": "yu", "я": "ya"},
    # Kazakh, Kyrgyz, Tajik, Uzbek
    **{"ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i"},
    **{"ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ў": "o"},
    # Ukrainian
    **{"є": "ye", "ї": "yi", "ґ": "g"},
}
# Latin letters that have no decomposition into a base letter and an accent.
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ə": "a"}


def slug(name: str) -> str:
    """`name` as id letters, words joined by "-", at most MAX_ID_LENGTH long; "" if nothing is left."""
    letters = []
    for char in name.lower():
        char = _CYRILLIC.get(char, _LATIN.get(char, char))
        decomposed = unicodedata.normalize("NFKD", char)
        letters.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    words = re.findall(r"[a-z0-9]+", "".join(letters), re.ASCII)
    text = ""
    for word in words:
        joined = f"{text}-{word}" if text else word
        if len(joined) > MAX_ID_LENGTH:
            break  # cut between words, so an id never ends in half a word
        text = joined
    return text or (words[0][:MAX_ID_LENGTH] if words else "")


def unique_id(name: str | None, url: str, taken: Collection[str], tried: MutableMapping[str, int] | None = None) -> str:
    """An id for a source called `name` at `url` that is none of `taken`: the name's slug, else the
    host's ("www.example.org" -> "example-org"), with "-2", "-3"... added when needed.

    `tried` (kept by the caller across calls) remembers the last number used per slug, so a list
    naming 100,000 feeds alike does not try every number again for each."""
    base = slug(name or "") or slug(_host(url).removeprefix("www.")) or "source"
    tried = {} if tried is None else tried
    candidate, number = base, tried.get(base, 1)
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
    tried[base] = number
    return candidate


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""
