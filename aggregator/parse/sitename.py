"""Is this piece of text the publisher's own name? Compared loosely with the site's host, so
"La Stampa" and "lastampa.it" match (titles and bylines name the site; neither is the story's)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["host_forms", "squash"]

_WORD_RE = re.compile(r"[^\W_]+")


def squash(text: str) -> str:
    """ "La Stampa" and "lastampa.it" -> "lastampa", "lastampait": letters and digits only."""
    return "".join(_WORD_RE.findall(text.casefold()))


def host_forms(url: str) -> frozenset[str]:
    """The site's name as its host spells it: "https://www.lastampa.it/x" -> lastampait, lastampa."""
    labels = [label for label in (urlsplit(url).hostname or "").split(".") if label and label != "www"]
    forms = {squash(".".join(labels))}
    if len(labels) >= 2:
        forms.add(squash(labels[-2]))
    return frozenset(form for form in forms if len(form) >= 4)  # "bbc" alone would match too much
