"""Why a sighting was tied to a story, in words staff read beside "also published by".

dedup.plan says which rule matched (same URL key, near-duplicate, language version); the details
(the fingerprints' distance, which index key they share, what made two posts language versions)
are worked out here from the two candidates the matcher compared.
"""

from __future__ import annotations

from aggregator import fingerprint
from aggregator.dedup.plan import NEAR_DUPLICATE, SAME_URL_KEY


def near_duplicate_reason(new: fingerprint.Candidate, known: fingerprint.Candidate | None) -> str:
    """ "near-duplicate (distance 3, fingerprint band)" or "headline key (distance 17)"."""
    if known is None:
        return NEAR_DUPLICATE
    distance = fingerprint.hamming(new.fingerprint, known.fingerprint)
    shared = set(fingerprint.lookup_keys(new.title, new.fingerprint)) & set(
        fingerprint.lookup_keys(known.title, known.fingerprint)
    )
    if distance > fingerprint.HAMMING_THRESHOLD and any(fingerprint.is_title_key(key) for key in shared):
        return f"headline key (distance {distance})"
    kind = "fingerprint band" if any(not fingerprint.is_title_key(key) for key in shared) else "headline key"
    return f"{NEAR_DUPLICATE} (distance {distance}, {kind})"


def version_reason(new: fingerprint.Candidate, known: fingerprint.Candidate | None) -> str:
    """Why a new story joined a known one's language group."""
    if known is None:
        return "language version"
    mine = fingerprint.version_lookup_key(new.url)
    if mine and mine == fingerprint.version_lookup_key(known.url):
        return f"language version ({known.language or '?'} -> {new.language or '?'}): URL version key"
    if new.source_id == known.source_id:
        return f"language version ({known.language or '?'} -> {new.language or '?'}): same-source translation"
    return f"language version ({known.language or '?'} -> {new.language or '?'}): hreflang or text"


def url_key_reason() -> str:
    return SAME_URL_KEY
