"""Why a sighting was tied to a story, in words staff read beside "also published by".

dedup.plan says which rule matched (same URL key, near-duplicate, language version); the details
(the fingerprints' distance, which index key they share, what made two posts language versions)
are worked out here from the two candidates the matcher compared.
"""

from __future__ import annotations

from aggregator import fingerprint
from aggregator.dedup.plan import NEAR_DUPLICATE, SAME_URL_KEY


def near_duplicate_reason(new: fingerprint.Candidate, known: fingerprint.Candidate | None) -> str:
    """ "near-duplicate (distance 3, fingerprint band)", "near-duplicate (distance 17, headline
    key)", or with "headline run" or "text key": the index keys the two share, whole-headline and
    band keys named first (they say most)."""
    if known is None:
        return NEAR_DUPLICATE
    distance = fingerprint.hamming(new.fingerprint, known.fingerprint)
    shared = set(fingerprint.index_keys(new.title, new.fingerprint, new.summary)) & set(
        fingerprint.index_keys(known.title, known.fingerprint, known.summary)
    )
    kinds = [name for tag, name in _KEY_KINDS if any(_kind(key) == tag for key in shared)]
    return f"{NEAR_DUPLICATE} (distance {distance}, {' + '.join(kinds) or 'compared text'})"


def _kind(key: int) -> int:
    tag = key >> 56
    return tag if tag in (fingerprint.TITLE_KEY_TAG, fingerprint.TITLE_RUN_TAG, fingerprint.TEXT_KEY_TAG) else 0


# Index key kinds by their top byte (fingerprint.index_keys); 0 stands for the SimHash bands.
_KEY_KINDS = (
    (fingerprint.TITLE_KEY_TAG, "headline key"),
    (0, "fingerprint band"),
    (fingerprint.TITLE_RUN_TAG, "headline run"),
    (fingerprint.TEXT_KEY_TAG, "text key"),
)


def version_reason(new: fingerprint.Candidate, known: fingerprint.Candidate | None) -> str:
    """Why a new story joined a known one's language group."""
    if known is None:
        return "language version"
    mine = fingerprint.version_lookup_key(new.url)
    if mine and mine == fingerprint.version_lookup_key(known.url):
        return f"language version ({known.language or '?'} -> {new.language or '?'}): URL version key"
    languages = f"{known.language or '?'} -> {new.language or '?'}"
    if new.source_id == known.source_id:
        return f"language version ({languages}): same-source translation"
    if fingerprint.site_of(new.url) == fingerprint.site_of(known.url):
        return f"language version ({languages}): same-site translation"  # a partner's feed and news page
    return f"language version ({languages}): hreflang"


def url_key_reason() -> str:
    return SAME_URL_KEY
