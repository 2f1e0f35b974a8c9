"""Whether a new item is a known story in another language: `same_post_in_other_language`.

By address (the URLs differ only in a language part: `version_key`, `version_lookup_key`), by
a hreflang link, or, for marked translations from one source, by the names and numbers the
two posts tell in the same order (`version_by_cue`); else, for two posts of one site
(`site_of`: a partner's feed and its news page are two sources), by what they tell read
through the concept lexicon (`translation_score`, fingerprint.translation).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit

from aggregator import extract
from aggregator.dedup import url_key
from aggregator.fingerprint.candidates import Candidate, days_apart
from aggregator.fingerprint.parameters import (
    ANCHOR_WORDS,
    ANCHORS_IN_ORDER,
    MIN_SHARED_ANCHORS,
    TRANSLATION_DAYS,
    VERSION_DAYS,
)
from aggregator.fingerprint.story_text import summary_words, title_words
from aggregator.fingerprint.tables import URL_LANGUAGE_PARAMS, URL_LANGUAGES
from aggregator.fingerprint.tokens import _CALENDAR_WORDS, Word
from aggregator.fingerprint.translation import skeleton as _skeleton
from aggregator.fingerprint.translation import told, translation_likeness

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


@functools.lru_cache(maxsize=4096)
def site_of(url: str) -> str | None:
    """The site a post is on: the host of its address without "www." and without a language
    label ("en.site.org" is "site.org"). None for a non-http address. A partner's feed and its
    news page are two sources on one site."""
    key = url_key(url)
    if not key:
        return None
    host = urlsplit(key).netloc.removeprefix("www.").split("@")[-1]
    labels = host.split(".")
    if len(labels) >= 3 and _url_language(labels[0]):
        host = ".".join(labels[1:])
    return host or None


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
    apart = days_apart(new.published, known.published)
    if apart is None or apart > VERSION_DAYS:
        return False
    markers = {extract.clean_title(new.title)[1], extract.clean_title(known.title)[1]}
    if None in markers or len(markers) != 2:
        return False
    ours, theirs = _told(new), _told(known)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= MIN_SHARED_ANCHORS and matcher.ratio() >= ANCHORS_IN_ORDER


def translation_score(new: Candidate, known: Candidate) -> float | None:
    """How surely `new` is `known` translated, read by what the two tell (0..1), or None when
    it is not: the languages differ (both with a lexicon), the two are on one site (site_of)
    at two addresses, published within TRANSLATION_DAYS, and translation_likeness finds enough
    shared with no number disagreeing. Symmetric: either may be the new one."""
    if not new.language or not known.language or new.language == known.language:
        return None
    site = site_of(new.url)
    if site is None or site != site_of(known.url) or url_key(new.url) == url_key(known.url):
        return None
    apart = days_apart(new.published, known.published)
    if apart is None or apart > TRANSLATION_DAYS:
        return None
    ours, theirs = told(new.title, new.summary, new.language), told(known.title, known.summary, known.language)
    if ours is None or theirs is None:
        return None
    return translation_likeness(ours, theirs)


def same_post_in_other_language(new: Candidate, known: Candidate, alternates: frozenset[str] = frozenset()) -> bool:
    """Whether `new` is `known` in another language: by a cue (version_by_cue) or by what the
    two tell (translation_score)."""
    return version_by_cue(new, known, alternates) or translation_score(new, known) is not None


def version_by_cue(new: Candidate, known: Candidate, alternates: frozenset[str] = frozenset()) -> bool:
    """Whether `new` is `known` in another language by a cue beyond the words.

    The languages must differ (both known), and one of: the addresses differ only in their
    language part (same version_key, or a language prefix on one and none on the other on the
    same host); a hreflang link of `new` (`alternates`) points at `known`; or both are marked
    translations ("[English] ...", "(Svenska) ...") from one source, published within
    VERSION_DAYS, naming the same people, places and numbers. Unmarked posts are left to
    translation_score, which reads what they tell, not only their names and numbers: a city
    and a count two different posts share told them apart too seldom.
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
