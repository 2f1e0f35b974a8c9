"""Language codes: a tag or a language's name -> its ISO 639-1 code, and the regex for a list of
names or phrases (shared by the title markers and the excerpt's boilerplate).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from aggregator.extract.lexicon import APOSTROPHES, ISO_639_1, LANGUAGE_ALIASES, LANGUAGE_NAMES


def normalize_language(tag: str | None) -> str | None:
    """BCP 47 / ISO 639 tag or language name -> ISO 639-1 code, junk -> None."""
    if not isinstance(tag, str):
        return None
    return _normalize_tag(tag)


# Asked for the same few tags again and again: every label py3langid ranks (about 100 per
# detection), every source's candidate languages for each of its items.
@functools.lru_cache(maxsize=1024)
def _normalize_tag(tag: str) -> str | None:
    text = " ".join(tag.strip().lower().replace("_", "-").split())
    if not text:
        return None
    # Metadata sometimes carries a name ("English", "Русский") instead of a code.
    by_name = name_lookup().get(fold_name(text))
    if by_name:
        return by_name
    primary = text.split("-")[0]
    if primary in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[primary]
    return primary if primary in ISO_639_1 else None


def fold_name(name: str) -> str:
    """Canonical form of a language name: lower case, one apostrophe, single spaces."""
    folded = re.sub(f"[{APOSTROPHES}]", "ʻ", name.casefold())
    return " ".join(folded.split())


@functools.cache
def name_lookup() -> dict[str, str]:
    return {fold_name(n): code for code, names in LANGUAGE_NAMES.items() for n in names}


def name_pattern(names: Sequence[str]) -> str:
    """Regex alternation, longest first; apostrophes and spaces matched loosely."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        escaped = re.escape(name).replace(r"\ ", r"\s+").replace(" ", r"\s+")
        parts.append(escaped.replace("ʻ", f"[{APOSTROPHES}]?"))
    return "|".join(parts)
