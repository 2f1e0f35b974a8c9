"""Staff decide what is republished, end to end through the commands a staff member types.

A small partner web on 127.0.0.1: a public partner, a monitor-only one, a general outlet with
include/exclude rules, and one that is later removed from the config. After collecting,
withdrawing and publishing, every byte of every public file is searched for what must not be
there, and the staff folder for each decision and its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser
import pytest

from aggregator.cli import main
from tests.configs import config_text
from tests.hostile import HostileServer, body

SHARED_LINK = "/elsewhere/shared-post"


def rss(base: str, title: str, items: list[tuple[str, str, str, str]], newest_day: int = 7) -> bytes:
    """An RSS feed of (guid, link path, title, excerpt) items, newest first, a day apart."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>{base}{link}</link><title>{escape(t)}</title>"
        f"<description>{escape(excerpt)}</description><pubDate>{newest_day - n:02d} Dec 2026 10:00:00 +0000</pubDate></item>"
        for n, (guid, link, t, excerpt) in enumerate(items)
    )
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>" \
           f"<link>{base}/</link>{entries}</channel></rss>".encode()  # fmt: skip


OPEN = [
    ("o1", "/open/osh-camp", "Youth camp in Osh opens for applications", "Forty young people from Osh and Jalal-Abad."),
    ("o2", "/open/court-notes", "Notes from the Bishkek courtroom", "An observer's account of the third hearing."),
    ("o3", SHARED_LINK, "Joint statement on freedom of assembly", "Twelve organisations signed the statement."),
]
RISKY = [  # monitor only: none of these words may reach a public file
    ("r1", "/risky/qyzylzhar", "Qyzylzhar tribunal diary", "Xerophyte witnesses were questioned at length."),
    ("r2", "/risky/quillwort", "Quillwort investigation, part two", "Documents obtained by Zorbek reporters."),
    ("r3", SHARED_LINK, "Joint statement on freedom of assembly", "Twelve organisations signed the statement."),
]
GENERAL = [  # include: Kyrgyz* or /Centralasi(en|a)/; exclude: fotboll
    ("g1", "/general/val", "Kyrgyzstans valobservatörer rapporterar", "Valet följdes av frivilliga."),
    ("g2", "/general/sommarfest", "Sommarfest i Malmö med grillning", "Medlemmar bjuds på korv och musik."),
    ("g3", "/general/cup", "FOTBOLL: Centralasiens cup i Göteborg", "Lag från fem länder spelar i helgen."),
]
REMOVED = [("x1", "/removed/archive", "Vanadium archive reopened", "The Vanadium collective reopened its archive.")]


@pytest.fixture
def web() -> Iterator[HostileServer]:
    server = HostileServer({})
    base = server.base_url
    server.routes.update(
        {
            "/open.rss": body(rss(base, "Open Youth", OPEN)),
            "/risky.rss": body(rss(base, "Zorbek Media", RISKY, newest_day=6)),
            "/general.rss": body(rss(base, "Nordic Solidarity", GENERAL)),
            "/removed.rss": body(rss(base, "Vanadium Collective", REMOVED)),
        }
    )
    with server:
        yield server


def sources(web: HostileServer, *, with_removed: bool) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = [
        {"id": "open-youth", "name": "Open Youth", "url": web.url("/open.rss"), "type": "feed"},
        {"id": "zorbek", "name": "Zorbek Media", "url": web.url("/risky.rss"), "type": "feed", "publish": False},
        {
            "id": "nordic",
            "name": "Nordic Solidarity",
            "url": web.url("/general.rss"),
            "type": "feed",
            "include": ["kyrgyz*", "/Centralasi(en|a)/"],
            "exclude": ["Fotboll"],
        },
    ]
    if with_removed:
        listed.append({"id": "vanadium", "name": "Vanadium Collective", "url": web.url("/removed.rss"), "type": "feed"})
    return listed


def write_config(folder: Path, web: HostileServer, database: str, *, with_removed: bool = True) -> Path:
    path = folder / "sources.yaml"
    path.write_text(config_text(folder, sources(web, with_removed=with_removed), database=database), encoding="utf-8")
    return path


def cli(config: Path, *args: str) -> None:
    assert main(["--config", str(config), *args]) == 0, args


def public_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def leaks(folder: Path, words: list[str]) -> list[str]:
    found = []
    for name, content in public_bytes(folder).items():
        for word in words:
            if word.encode() in content or escape(word).encode() in content:
                found.append(f"{word!r} in {name}")
    return found


def never_public(web: HostileServer) -> list[str]:
    words = ["Zorbek", "zorbek", "/risky/", "/removed/", "Vanadium", "vanadium"]
    for items in (RISKY[:2], GENERAL[1:], REMOVED, OPEN[1:2]):
        for _, link, title, excerpt in items:
            words += [title, excerpt, web.url(link)]
    return words


def test_monitor_only_filtered_withdrawn_and_removed_stay_out_of_public_files(
    tmp_path: Path, web: HostileServer, database_url: str
) -> None:
    config = write_config(tmp_path, web, database_url)
    # The monitor-only source published the shared post first (a day earlier), so it is the
    # story's original and a public source must stand in for it.
    cli(config, "collect", "--source", "zorbek")
    cli(config, "collect", "--all")
    cli(config, "withdraw", web.url("/open/court-notes"), "--reason", "Risk to the observer", "--by", "anna-k")
    config = write_config(tmp_path, web, database_url, with_removed=False)
    cli(config, "publish")
    public, staff = tmp_path / "public", tmp_path / "public-staff"

    assert leaks(public, never_public(web)) == []
    feed = feedparser.parse((public / "feed.atom").read_bytes())
    titles = {entry.title: entry for entry in feed.entries}
    assert set(titles) == {OPEN[0][2], OPEN[2][2], GENERAL[0][2]}
    assert titles[OPEN[2][2]].link == web.url(SHARED_LINK)
    assert not (public / "partners" / "zorbek").exists() and not (public / "partners" / "vanadium").exists()

    page = (staff / "index.html").read_text(encoding="utf-8")
    for seen in ("Zorbek Media", RISKY[0][2], "monitor only", OPEN[1][2], "Risk to the observer", "anna-k"):
        assert escape(seen) in page, seen
    for seen in ("Vanadium Collective", "removed from the config", GENERAL[1][2], GENERAL[2][2], "Fotboll"):
        assert escape(seen) in page, seen
    assert "Republished only through Open Youth: Zorbek Media&#39;s link" in page


def test_a_withdrawn_story_stays_out_whatever_the_partner_does_until_restored(
    tmp_path: Path, web: HostileServer, database_url: str
) -> None:
    config = write_config(tmp_path, web, database_url)
    cli(config, "collect", "--all")
    cli(config, "withdraw", web.url("/open/osh-camp"), "--reason", "Names a minor")
    public = tmp_path / "public"
    assert leaks(public, [OPEN[0][2]]) == []

    # The partner edits the post: new guid, new title, newer date, same address.
    edited = [("o1-edited", "/open/osh-camp", "UPDATED: Youth camp in Osh, deadline extended", "New deadline.")]
    web.routes["/open.rss"] = body(rss(web.base_url, "Open Youth", edited + OPEN[1:]))
    cli(config, "collect", "--all")
    cli(config, "publish")
    assert leaks(public, [OPEN[0][2], edited[0][2], web.url("/open/osh-camp")]) == []

    cli(config, "restore", web.url("/open/osh-camp"), "--by", "bo-restorer")
    feed = feedparser.parse((public / "feed.atom").read_bytes())
    assert web.url("/open/osh-camp") in {entry.link for entry in feed.entries}
    staff_page = (tmp_path / "public-staff" / "index.html").read_text(encoding="utf-8")
    assert "Names a minor" in staff_page and "bo-restorer" in staff_page


def test_withdraw_names_what_it_cannot_find(
    tmp_path: Path, web: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, web, f"sqlite:///{tmp_path / 'db.sqlite'}")
    cli(config, "collect", "--all")
    capsys.readouterr()
    assert main(["--config", str(config), "withdraw", "https://nowhere.example/post", "--reason", "x"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no story with id or address" in error
    assert main(["--config", str(config), "withdraw", web.url("/open/osh-camp"), "--reason", "  "]) == 1
    assert "--reason" in capsys.readouterr().err
