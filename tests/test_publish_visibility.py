"""What staff keep out of the public files stays out of every public byte, and the staff pages
show each such thing with why (issue 21: partners can be put at risk by what is republished).

The input (tests/publish_sample.py) holds a monitor-only partner, withdrawn, filtered and
removed partners' stories, and slips visibility.decide must not make (a monitor-only source as
main source, as "also published by", among sightings), each with words found nowhere else.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from aggregator.models import Visibility
from aggregator.publish import publish
from aggregator.publish.manifest import MANIFEST_NAME, read_manifest
from tests import publish_sample as sample


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    public, staff = tmp_path / "public", tmp_path / "staff"
    publish(public, staff, sample.sample_site(), sample.visibility(), sample.sample_statuses())
    return public, staff


def every_byte(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def words(text: str) -> str:
    return " ".join(text.split())


def test_nothing_kept_out_reaches_any_public_byte(folders: tuple[Path, Path]) -> None:
    public, _ = folders
    files = every_byte(public)
    assert MANIFEST_NAME in files and "sources.opml" in files and "index.html" in files
    visibility = sample.visibility()
    secrets = [*sample.SECRET_WORDS, *(hidden.story.id for hidden in visibility.hidden)]
    secrets += [hidden.story.url for hidden in visibility.hidden]
    secrets += [w.story_id for w in visibility.withdrawals if w.in_force] + [w.reason for w in visibility.withdrawals]
    for name, data in files.items():
        lowered = data.lower()
        for secret in secrets:
            assert secret.lower().encode() not in lowered, (name, secret)
    # The folder names too: no monitor-only partner gets a feed or a page.
    assert {p.name for p in (public / "partners").iterdir()} == {sample.BIR.id, sample.KIBHR.id, sample.KOBIETY.id}
    assert not any(name.startswith("tg/") for name in read_manifest(public))  # only a hidden story was in Tajik


def test_the_public_still_gets_every_public_story(folders: tuple[Path, Path]) -> None:
    public, _ = folders
    page = (public / "index.html").read_text("utf-8")
    feed = (public / "feed.atom").read_text("utf-8")
    for story in sample.public_stories()[:6]:  # the seventh has a monitor-only main source
        assert story.title in page and story.id in feed
    assert "Legal aid clinic opens in Almaty" in (public / "partners" / sample.KIBHR.id / "index.html").read_text()


def test_public_reading_page_says_nothing_about_fetching_or_health(folders: tuple[Path, Path]) -> None:
    public, _ = folders
    for path in [public / "index.html", *public.glob("partners/*/index.html")]:
        page = lxml.html.fromstring(path.read_bytes())
        for code in page.xpath("//script | //style"):  # our own script and CSS: not what a reader reads
            code.drop_tree()
        text = words(page.text_content()).lower()
        for word in ("fail", "timeout", "timed out", "quiet", "next check", "last fetch", "polled", "error", "monitor"):
            assert word not in text, (path, word)
        html = path.read_text("utf-8")
        assert "birduino.example.kg/feed/" not in html  # a polled address
        assert "Staff" not in html and "generated" not in text


def test_public_reading_page_shows_stories_with_excerpts_and_feeds(folders: tuple[Path, Path]) -> None:
    public, _ = folders
    page = lxml.html.fromstring((public / "index.html").read_bytes())
    first = page.xpath("//li[@data-story]")[0]
    assert first.xpath(".//a/@href")[0] == "https://birduino.example.kg/news/1"
    text = words(first.text_content())
    assert "Bir Duino Kyrgyzstan" in text and "ru" in text and "06:00 UTC" in text
    assert "Заседание перенесено на январь" in text  # the excerpt
    assert "also published by Kazakhstan Bureau for Human Rights" in text
    links = set(page.xpath("//a/@href"))
    assert {"feed.atom", "feed.rss", "feed.json", "sources.opml", "partners/kobiety/index.html"} <= links
    assert [o.get("value") for o in page.xpath("//select[@name='partner']/option")] == [
        "",
        "bir-duino",
        "kibhr",
        "kobiety",
    ]


def test_staff_page_shows_every_kept_out_story_with_why(folders: tuple[Path, Path]) -> None:
    _, staff = folders
    page = lxml.html.fromstring((staff / "index.html").read_bytes())
    rows = {
        words(li.xpath(".//span[@class='story-title']")[0].text_content()): li for li in page.xpath("//li[@data-story]")
    }
    for hidden in sample.visibility().hidden:
        row = rows[hidden.story.title]
        assert hidden.reason in row.get("class").replace("-", " ")
        assert row.xpath(".//span[contains(@class, 'badge')]")[0].text == hidden.reason
        assert hidden.detail in words(row.text_content())
        group = page.get_element_by_id("kept-out-" + hidden.reason.replace(" ", "-"))
        assert hidden.story.title in group.text_content() and hidden.detail in words(group.text_content())
    public_row = rows["Bir Duino annual report is out"]
    assert public_row.get("class") is None and not public_row.xpath(".//span[contains(@class, 'badge')]")
    header = words(page.xpath("//header")[0].text_content())
    assert (
        "5 kept out of the public files (1 withdrawn, 2 monitor only, 1 removed from the config, 1 filtered)" in header
    )


def test_staff_page_lists_withdrawals_with_the_id_to_restore(folders: tuple[Path, Path]) -> None:
    _, staff = folders
    page = lxml.html.fromstring((staff / "index.html").read_bytes())
    in_force, restored = page.xpath("//ul[@class='withdrawn']/li")
    withdrawal = sample.visibility().withdrawals[0]
    assert in_force.xpath(".//a/@href") == [withdrawal.url]
    text = words(in_force.text_content())
    assert "Withdrawn by anna, 2026-12-07 05:00 UTC: names put the author at risk" in text
    assert f"aggregator restore {withdrawal.story_id}" in text
    assert "Restored by anna, 2026-12-06 08:00 UTC" in words(restored.text_content())
    assert "restored" in restored.get("class")


def test_staff_page_flags_monitor_only_and_removed_partners(folders: tuple[Path, Path]) -> None:
    _, staff = folders
    page = lxml.html.fromstring((staff / "index.html").read_bytes())
    card = page.get_element_by_id(f"partner-{sample.MONITOR.id}")
    assert "monitor-only" in card.get("class")
    assert "Monitor only: never republished." in words(card.text_content())
    assert "our public feed" not in card.text_content()  # it has none
    assert "our public feed" in page.get_element_by_id(f"partner-{sample.BIR.id}").text_content()
    removed = words(page.get_element_by_id("removed").text_content())
    assert "Quorvella Legacy Group" in removed and "Quorvella archive post" in removed
    # Its own staff page lists what it collected, all of it kept out.
    partner = (staff / "partners" / sample.MONITOR.id / "index.html").read_text("utf-8")
    assert "Glimmerdusk detention report" in partner and "2 kept out of the public files" in partner


def test_staff_links_to_public_feeds_are_absolute(folders: tuple[Path, Path]) -> None:
    _, staff = folders
    for path in staff.rglob("index.html"):
        page = lxml.html.fromstring(path.read_bytes())
        for href in page.xpath("//a/@href"):
            if "feed." in href or href.endswith(".opml"):
                assert href.startswith("https://news.example.se/"), (path, href)
    index = lxml.html.fromstring((staff / "index.html").read_bytes())
    assert "https://news.example.se/partners/bir-duino/feed.atom" in index.xpath("//a/@href")


def test_a_partner_switched_to_monitor_only_leaves_the_public_set(tmp_path: Path) -> None:
    public, staff = tmp_path / "public", tmp_path / "staff"
    site, statuses = sample.sample_site(), sample.sample_statuses()
    visible = Visibility(public=tuple(sample.public_stories()[:5]), hidden=())
    publish(public, staff, site, visible, statuses)
    assert (public / "partners" / "kobiety" / "feed.atom").is_file()
    quiet = replace(site, sources=tuple(replace(s, publish=s.id != "kobiety") for s in site.sources))
    publish(public, staff, quiet, visible, statuses)
    assert not (public / "partners" / "kobiety").exists()
    assert not any(b"KobieTY" in data for data in every_byte(public).values())
    assert (staff / "partners" / "kobiety" / "index.html").is_file()  # staff still follow it


def test_a_story_both_public_and_kept_out_stays_out(tmp_path: Path) -> None:
    """A slip decide must not make: the withdrawn story (and the filtered one) also in `public`."""
    visibility = sample.visibility()
    slipped = replace(visibility, public=(*visibility.public, *(h.story for h in visibility.hidden[-1:])))
    withdrawn_only = replace(slipped, hidden=(), public=(*visibility.public, visibility.hidden[0].story))
    for case in (slipped, withdrawn_only):
        public = tmp_path / "public"
        publish(public, tmp_path / "staff", sample.sample_site(), case, sample.sample_statuses())
        for name, data in every_byte(public).items():
            assert b"Snorfblat" not in data and b"Vexmorrow" not in data, name
