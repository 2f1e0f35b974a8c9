"""Dates in the published feeds that readers and the W3C Feed Validation Service check: a feed
with no story, and atom:source; and what an entry without a summary says.

A feed with no story once carried 1970-01-01 ("Implausible date"; readers showed it too), and
every atom:source lacked the <updated> RFC 4287 keeps with the source feed's metadata. An empty
feed now carries its partner's newest known story, else the time it was first published, kept
by later publishes (aggregator/publish/empty_dates.py) so its bytes stay as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
from lxml import etree

from aggregator.models import SourceConfig, SourceRef, SourceStatus, Story
from tests.test_publish import ATOM, BIR, KIBHR, T0, publish_all, sample_site, sample_statuses, story


def feed_date(path: Path) -> tuple[str, str]:
    """(Atom <updated>, RSS <lastBuildDate>) of the feed in `path`'s folder."""
    atom = etree.parse(str(path / "feed.atom")).getroot().findtext(f"{ATOM}updated") or ""
    rss = etree.parse(str(path / "feed.rss")).getroot().findtext("channel/lastBuildDate") or ""
    return atom, rss


def published_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("feed.*")}


def with_newest(statuses: list[SourceStatus], partner: str, newest: object) -> list[SourceStatus]:
    return [replace(s, newest_item_at=newest) if s.id == partner else s for s in statuses]


def test_an_empty_partner_feed_carries_its_newest_known_story(tmp_path: Path) -> None:
    # All from BIR: KIBHR's feed is empty, its stories older than those the store handed over.
    stories = [story(1, "ru"), story(2, "ky")]
    publish_all(tmp_path, sample_site(), stories, with_newest(sample_statuses(), KIBHR.id, T0 - timedelta(days=40)))
    assert feed_date(tmp_path / "partners" / KIBHR.id) == (
        "2024-03-27T12:00:00+00:00",
        "Wed, 27 Mar 2024 12:00:00 +0000",
    )


FIRST_PUBLISH = ("2024-05-06T12:05:00+00:00", "Mon, 06 May 2024 12:05:00 +0000")  # sample_site's time


def test_a_partner_that_never_gave_a_story_keeps_the_date_its_feed_first_appeared(tmp_path: Path) -> None:
    site, statuses = sample_site(), sample_statuses()  # KIBHR: no story known
    publish_all(tmp_path, site, [story(1, "ru")], statuses)
    kibhr = tmp_path / "partners" / KIBHR.id
    assert feed_date(kibhr) == FIRST_PUBLISH
    before = (kibhr / "feed.atom").read_bytes(), (kibhr / "feed.rss").read_bytes()
    # Days later, other partners' news arrives: KIBHR's feed has not changed, nor its bytes.
    later = replace(site, generated_at=site.generated_at + timedelta(days=3))
    publish_all(tmp_path, later, [story(1, "ru"), story(0, "ru", published=T0, updated=T0)], statuses)
    assert ((kibhr / "feed.atom").read_bytes(), (kibhr / "feed.rss").read_bytes()) == before


def test_nothing_collected_yet_is_dated_by_the_first_publish_and_stays_so(tmp_path: Path) -> None:
    site, statuses = sample_site(), with_newest(sample_statuses(), BIR.id, None)
    publish_all(tmp_path, site, [], statuses)
    for folder in (tmp_path, tmp_path / "partners" / KIBHR.id, tmp_path / "partners" / BIR.id):
        assert feed_date(folder) == FIRST_PUBLISH
    before = published_bytes(tmp_path)
    publish_all(tmp_path, replace(site, generated_at=site.generated_at + timedelta(hours=5)), [], statuses)
    assert published_bytes(tmp_path) == before


def test_an_implausible_or_unreadable_earlier_date_is_not_kept(tmp_path: Path) -> None:
    site, statuses = sample_site(), sample_statuses()
    publish_all(tmp_path, site, [story(1, "ru")], statuses)
    kibhr = tmp_path / "partners" / KIBHR.id / "feed.atom"
    # As published before this rule, with 1970; then a file that is no feed at all.
    for earlier in (
        re.sub(r"<updated>[^<]*</updated>", "<updated>1970-01-01T00:00:00+00:00</updated>", kibhr.read_text()),
        "garbage",
    ):
        kibhr.write_text(earlier)
        later = replace(site, generated_at=site.generated_at + timedelta(days=1))
        publish_all(tmp_path, later, [story(1, "ru")], statuses)
        assert feed_date(kibhr.parent) == ("2024-05-07T12:05:00+00:00", "Tue, 07 May 2024 12:05:00 +0000")


def test_feeds_with_stories_are_byte_stable_until_something_changes(tmp_path: Path) -> None:
    site = sample_site()
    stories = [story(1, "ru")]
    publish_all(tmp_path, site, stories, sample_statuses())
    before = published_bytes(tmp_path)
    later = replace(site, generated_at=site.generated_at + timedelta(days=3))
    publish_all(tmp_path, later, stories, sample_statuses())
    assert published_bytes(tmp_path) == before


def sources_updated(out: Path) -> dict[str, list[str | None]]:
    """Per entry id, the <updated> of its atom:source (None when it has none)."""
    root = etree.parse(str(out / "feed.atom")).getroot()
    return {
        e.findtext(f"{ATOM}id") or "": [s.findtext(f"{ATOM}updated") for s in e.findall(f"{ATOM}source")]
        for e in root.iter(f"{ATOM}entry")
    }


def test_atom_source_says_when_the_partners_stories_in_this_feed_were_updated(tmp_path: Path) -> None:
    newest_kibhr = story(5, "en", source=KIBHR, updated=T0 + timedelta(hours=2))
    stories: list[Story] = [story(1, "ru"), story(3, "ky"), story(4, "en", source=KIBHR), newest_kibhr]
    publish_all(tmp_path, sample_site(), stories, sample_statuses())
    found = sources_updated(tmp_path)
    assert found[story(1, "ru").id] == found[story(3, "ky").id] == ["2024-05-06T11:00:00+00:00"]
    assert found[story(4, "en").id] == found[newest_kibhr.id] == ["2024-05-06T14:00:00+00:00"]
    # Each partner's feed holds only its own stories, so its sources carry its own newest date.
    assert set(map(tuple, sources_updated(tmp_path / "partners" / BIR.id).values())) == {("2024-05-06T11:00:00+00:00",)}


def test_a_blank_summary_is_left_out_of_rss_and_the_title_stands_in_in_atom(tmp_path: Path) -> None:
    publish_all(tmp_path, sample_site(), [story(1, "ru", summary=""), story(2, "ru", summary="  ")], sample_statuses())
    # Atom entries need some text (W3C validator: "Missing textual content"): the title.
    atom = etree.parse(str(tmp_path / "feed.atom")).getroot()
    assert [e.findtext(f"{ATOM}summary") for e in atom.iter(f"{ATOM}entry")] == ["Story 1", "Story 2"]
    rss = etree.parse(str(tmp_path / "feed.rss")).getroot()
    items = rss.findall("channel/item")
    assert len(items) == 2 and all(item.find("description") is None and item.findtext("title") for item in items)


def test_a_partner_without_a_name_is_named_by_its_id(tmp_path: Path) -> None:
    nameless = SourceRef("quiet-partner", "", "https://quiet.example.org/")
    site = sample_site()
    site = replace(site, sources=(*site.sources, SourceConfig(nameless.id, nameless.name, nameless.url)))
    publish_all(tmp_path, site, [story(1, "ru", source=nameless)], sample_statuses())
    atom = etree.parse(str(tmp_path / "feed.atom")).getroot()
    assert atom.findtext(f"{ATOM}entry/{ATOM}source/{ATOM}title") == "quiet-partner"
    rss = etree.parse(str(tmp_path / "feed.rss")).getroot()
    assert rss.findtext("channel/item/source") == "quiet-partner"


def test_a_day_only_date_shows_its_day_to_readers_from_utc_minus_11_to_plus_11(tmp_path: Path) -> None:
    """A partner that gives the day only is stored at midnight UTC; stated so, a reader at UTC-5
    showed the day before. Feeds state noon UTC, and JSON Feed says the date is a day."""
    day = datetime(2024, 5, 6, tzinfo=UTC)
    stories = [
        story(1, "ky", published=day, updated=day),
        story(2, "ky", published=day + timedelta(hours=7, minutes=5), updated=day + timedelta(hours=7, minutes=5)),
        story(3, "ky", published=T0, updated=T0, date_is_first_seen=True),
    ]
    publish_all(tmp_path, sample_site(), stories, sample_statuses())
    parsed = feedparser.parse((tmp_path / "feed.atom").read_bytes())
    rss = feedparser.parse((tmp_path / "feed.rss").read_bytes())
    items = {item["id"]: item for item in json.loads((tmp_path / "feed.json").read_bytes())["items"]}
    day_only, timed, first_seen = (s.id for s in stories)

    for entries in (parsed.entries, rss.entries):
        by_id = {entry.id: entry for entry in entries}
        stated = datetime(*by_id[day_only].published_parsed[:6], tzinfo=UTC)
        assert stated == day.replace(hour=12)
        for hours in range(-11, 12):
            assert stated.astimezone(timezone(timedelta(hours=hours))).date() == day.date()
        assert datetime(*by_id[timed].published_parsed[:6], tzinfo=UTC) == day + timedelta(hours=7, minutes=5)
    assert items[day_only]["date_published"].startswith("2024-05-06T12:00:00")
    assert items[day_only]["_date_precision"] == "day"
    assert items[first_seen]["_date_precision"] == "first_seen"
    assert "_date_precision" not in items[timed]
    # The staff page still says what it knows: the day, without an invented time.
    assert "day only" in (tmp_path / "index.html").read_text(encoding="utf-8")
