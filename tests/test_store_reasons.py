"""dedup.reasons: the words staff read beside "also published by" say which rule merged, with its details."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator import fingerprint
from aggregator.dedup.reasons import near_duplicate_reason, version_reason

AT = datetime(2026, 12, 1, 4, tzinfo=UTC)
TEXT = (
    "Lawyers from Osh and Jalal-Abad met in Bishkek to compare how courts in the south treat complaints "
    "of torture in police custody, and agreed on a joint monitoring plan for the coming year."
)


def candidate(title: str, url: str, *, summary: str = TEXT, language: str = "en", source: str = "a"):
    return fingerprint.candidate(title=title, summary=summary, url=url, language=language, published=AT,
                                 source_id=source)  # fmt: skip


def test_a_near_duplicate_gives_its_distance_and_the_keys_that_found_it() -> None:
    original = candidate("Lawyers compare southern courts", "https://a.org/1")
    copy = candidate("Lawyers compare southern courts", "https://b.org/9", source="b")
    assert near_duplicate_reason(copy, original).startswith(
        "near-duplicate (distance 0, headline key + fingerprint band"
    )
    other_words = candidate("Lawyers compare southern courts", "https://b.org/9", summary="Nothing alike " * 20)
    distance = fingerprint.hamming(other_words.fingerprint, original.fingerprint)
    assert distance > fingerprint.HAMMING_THRESHOLD
    # Only the headline brought them together.
    assert near_duplicate_reason(other_words, original) == f"near-duplicate (distance {distance}, headline key)"
    retitled = candidate("From our partners this week: a meeting in the capital", "https://b.org/10", source="b")
    reason = near_duplicate_reason(retitled, original)
    assert "headline" not in reason and ("fingerprint band" in reason or "text key" in reason)
    assert near_duplicate_reason(copy, None) == "near-duplicate"  # the story it joined was not read


def test_a_language_version_says_what_tied_it() -> None:
    english = candidate("Lawyers compare southern courts", "https://a.org/en/news/12")
    russian = candidate("Юристы сравнили суды юга", "https://a.org/ru/news/12", language="ru")
    assert version_reason(russian, english) == "language version (en -> ru): URL version key"
    kyrgyz = candidate("Юристтер соттарды салыштырышты", "https://a.org/ky/2026/other-slug", language="ky")
    assert version_reason(kyrgyz, english) == "language version (en -> ky): same-source translation"
    on_its_page = candidate("Юристтер", "https://a.org/ky/news/other-slug", language="ky", source="a-page")
    assert version_reason(on_its_page, english) == "language version (en -> ky): same-site translation"
    elsewhere = candidate("Юристы", "https://other.org/ru/x", language="ru", source="b")
    assert version_reason(elsewhere, english) == "language version (en -> ru): hreflang"
