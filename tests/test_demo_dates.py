"""The demo's partner web moves its dates close to today (aggregator/demo_dates.py)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from aggregator.demo import FIXTURES, PartnerWeb
from aggregator.demo_dates import DateShift, dates_in, plan, shift_text
from tests.conftest import expected_published

TODAY = date(2026, 12, 7)


def test_every_date_form_moves_by_whole_days() -> None:
    text = (
        "<pubDate>Tue, 02 Jul 2019 09:41:27 +0000</pubDate>"  # RSS, weekday recomputed
        "<updated>2019-06-29T09:12:00+06:00</updated>"  # Atom
        '"date_published": "2019-06-28T14:00:00Z"'  # JSON Feed
        '<time datetime="2019-08-14T10:05:00+02:00">14 augusti, 2019</time>'
        '<time datetime="2019-05-28">'
        '<span class="news-date">28 maja 2019</span>'
    )
    assert shift_text(text, 10) == (
        "<pubDate>Fri, 12 Jul 2019 09:41:27 +0000</pubDate>"
        "<updated>2019-07-09T09:12:00+06:00</updated>"
        '"date_published": "2019-07-08T14:00:00Z"'
        '<time datetime="2019-08-24T10:05:00+02:00">24 augusti, 2019</time>'
        '<time datetime="2019-06-07">'
        '<span class="news-date">7 czerwca 2019</span>'
    )


def test_names_and_dates_in_text_are_left_alone() -> None:
    kept = (
        "<id>tag:bir-duino.partner.test,2019-06-28:/news/412</id>"
        "<link>http://partner.test/cag/2019/07/02/post/</link>"
        "<p>W dniach 20–26 maja 2019 r. nasze trenerki</p>"
        "<p>© 2019 Novi Ritm</p><p>Budget proposal 2020</p>"
    )
    assert shift_text(kept, 400) == kept
    assert dates_in(kept) == []


def test_month_names_follow_the_page_language() -> None:
    # "september" is English and Swedish; the month after it is not spelled the same.
    swedish = '<html lang="sv-SE"><time>30 september, 2019</time>'
    english = '<html lang="en"><time>30 September 2019</time>'
    assert "1 oktober, 2019" in shift_text(swedish, 1)
    assert "1 October 2019" in shift_text(english, 1)


def test_the_plan_keeps_spacing_inside_a_group(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "feed.xml").write_text("<updated>2019-01-10T10:00:00Z</updated>", encoding="utf-8")
    (tmp_path / "b" / "feed.xml").write_text("<updated>2018-01-10T10:00:00Z</updated>", encoding="utf-8")
    shift = plan(tmp_path, TODAY, {("a", "b"): 2})
    assert shift.days_for("/a/feed.xml") == shift.days_for("b") == (TODAY - timedelta(days=2) - date(2019, 1, 10)).days
    assert shift.days_for("/elsewhere/feed.xml") == 0
    assert DateShift().apply("/a/feed.xml", b"<updated>2019-01-10T10:00:00Z</updated>").startswith(b"<updated>2019")


def test_the_demo_web_has_fresh_partners_and_one_quiet() -> None:
    with PartnerWeb(today=TODAY) as web:
        newest: dict[str, datetime] = {}
        for name in (
            "cag-feed",
            "cag-blog",
            "novi-ritm-feed",
            "bir-duino-atom",
            "kobiety",
            "feminita-feed",
            "crd-feed",
        ):
            for item in json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8")):
                moment = expected_published(item, web)
                if not isinstance(moment, datetime):
                    moment = datetime.combine(moment, datetime.min.time(), UTC)
                newest[name] = max(newest.get(name, moment), moment)
        ages = {name: (TODAY - moment.date()).days for name, moment in newest.items()}
        assert all(moment < datetime.combine(TODAY, datetime.min.time(), UTC) for moment in newest.values())
        assert ages["feminita-feed"] > 30, "the demo keeps one partner quiet"
        assert all(age <= 7 for name, age in ages.items() if name not in ("feminita-feed", "cag-feed")), ages
        # What is served agrees with what the tests expect.
        body = httpx.get(web.url("crd/feed.xml")).text
        crd = expected_published(json.loads((FIXTURES / "expected" / "crd-feed.json").read_text("utf-8"))[0], web)
        assert isinstance(crd, datetime) and crd.strftime("%a, %d %b %Y %H:%M:%S") in body
