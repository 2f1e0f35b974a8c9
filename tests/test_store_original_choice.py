"""dedup.original: the story chosen from a set of sightings is the same set's answer in any order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from aggregator.dedup.original import SightingFacts, choose_story, date_precision, on_own_site

TEXT = "Young lawyers from the southern regions gathered in Osh for a two-week school on monitoring trials"


def sighting(source: str, published: datetime | None, **changes: object) -> SightingFacts:
    fields: dict[str, object] = {
        "source_id": source, "guid": f"{source}-1", "url": f"https://{source}.org/1", "title": f"{source} title",
        "summary": TEXT[:40] + " …", "raw_title": None, "language": "en", "author": None, "published": published,
        "updated": None, "own_site": True,
    }  # fmt: skip
    fields.update(changes)
    return SightingFacts(**fields)  # type: ignore[arg-type]


FEED = sighting("partner", datetime(2026, 11, 28, 4, 5, tzinfo=UTC), author="Bir Duino")
PAGE = sighting("partner-page", datetime(2026, 11, 28, tzinfo=UTC), summary=TEXT, url=FEED.url)
DIGEST = sighting("digest", datetime(2026, 11, 29, 10, 30, tzinfo=UTC), author="Digest", summary=TEXT[:60])
UNDATED = sighting("aaa", None, author="Someone")


def test_every_order_of_the_sightings_gives_the_same_story() -> None:
    answers = {choose_story(order) for order in itertools.permutations([FEED, PAGE, DIGEST, UNDATED])}
    assert len(answers) == 1
    (story,) = answers
    assert (story.source_id, story.title, story.author) == ("partner", "partner title", "Bir Duino")
    assert story.published == FEED.published  # the precise date, not the page's midnight
    assert story.summary == TEXT  # the longest excerpt of the same text


def test_a_precise_date_of_the_same_day_is_the_original_and_a_day_only_one_keeps_its_day() -> None:
    # 20:00 UTC on the 28th: the page's day, in UTC+0..+3; the precise sighting is the original.
    same_day = sighting("x", datetime(2026, 11, 28, 20, tzinfo=UTC))
    assert choose_story([PAGE, DIGEST, same_day]).source_id == "x"
    story = choose_story([PAGE, DIGEST])
    assert (story.source_id, story.published) == ("partner-page", PAGE.published)  # the digest's is another day
    assert story.author == "Digest"  # an author over none


def test_an_excerpt_of_other_words_is_not_taken_for_being_longer() -> None:
    other = sighting("zzz", datetime(2026, 12, 1, tzinfo=UTC), summary="Completely different words " * 10)
    assert choose_story([FEED, other]).summary == FEED.summary


def test_on_the_same_date_the_link_on_the_sources_own_site_wins() -> None:
    at = datetime(2026, 11, 28, 9, tzinfo=UTC)
    digest = sighting("a-digest", at, own_site=False)
    assert choose_story([digest, sighting("partner", at)]).source_id == "partner"


def test_date_precision_and_own_site() -> None:
    assert [date_precision(d) for d in (None, PAGE.published, FEED.published)] == ["none", "day", "exact"]
    assert on_own_site("https://www.partner.org/a", "https://partner.org/feed")
    assert not on_own_site("http://127.0.0.1:81/a", "http://127.0.0.1:82/feed")
    assert not on_own_site("not a link", "https://partner.org/") and not on_own_site("http://[::1/a", "http://x/")
