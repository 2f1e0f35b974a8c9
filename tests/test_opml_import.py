"""`aggregator import-opml`: real-shaped lists from four readers, hostile files, and a config that keeps its layout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.opml_import import Existing, plan_import
from aggregator.opml_read import OpmlError, OpmlFeed, read_opml
from aggregator.source_ids import slug, unique_id

SAMPLES = Path(__file__).parent.parent / "fixtures" / "opml"

COMMENTED = """\
# Our partners. Ask Anna before removing one.
title: Central Asia news   # shown on every page
link: https://news.example.org/
database: sqlite:///db.sqlite

fetch:
    timeout: 10   # seconds
    allowed_networks: ["10.0.0.0/8"]

sources:
    # Sweden
    -   id: cag
        name: 'Centralasiengrupperna'
        url: https://centralasien.example.se/feed/
        type: feed
        languages: [sv, en]
        select_comment: null
    -   {id: crd, name: "Civil Rights Defenders", url: "https://crd.example.org/feed/", type: feed}

staff:
    user: anna
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def import_opml(config: Path, opml: Path, *extra: str) -> int:
    return main(["--config", str(config), "import-opml", str(opml), *extra])


def kept_in_order(old: str, new: str) -> bool:
    """Every line of `old` is in `new`, unchanged and in the same order."""
    lines = iter(new.splitlines())
    return all(any(line == candidate for candidate in lines) for line in old.splitlines())


@pytest.mark.parametrize(
    ("sample", "expected_ids"),
    [
        ("miniflux.opml", ["centralasiengrupperna", "novyy-ritm", "feminita", "feminita-2"]),
        ("freshrss.opml", ["bir-duino-kyrgyzstan", "civil-rights-defenders", "qazaqstan-uni"]),
        ("newsboat.opml", ["centralasiengrupperna", "tajik-voices-example-tj"]),
        ("feedly.opml", ["uzbek-forum", "jumhurii-tojikiston-khabarho", "civil-rights-defenders"]),
    ],
)
def test_each_readers_export_imports_into_an_empty_config(tmp_path: Path, sample: str, expected_ids: list[str]) -> None:
    config = write(tmp_path, "sources.yaml", "title: T\nlink: https://x.org/\nsources: []\n")
    assert import_opml(config, SAMPLES / sample) == 0
    loaded = load_config(config)  # what `aggregator check` runs
    assert [source.id for source in loaded.sources] == expected_ids
    assert all(source.type == "feed" for source in loaded.sources)


def test_the_layout_and_comments_survive_and_known_addresses_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, "sources.yaml", COMMENTED.replace("        select_comment: null\n", ""))
    before = config.read_text()
    assert import_opml(config, SAMPLES / "feedly.opml") == 0
    after = config.read_text()
    assert kept_in_order(before, after), after
    assert after.startswith(before.split("\nstaff:")[0])  # nothing before the new entries moved
    sources = load_config(config).sources
    # crd.example.org/feed is crd.example.org/feed/ (the config check calls them one address).
    assert [source.id for source in sources] == ["cag", "crd", "uzbek-forum", "jumhurii-tojikiston-khabarho"]
    assert sources[3].name == "Ҷумҳурии Тоҷикистон — хабарҳо"
    assert "    -   id: uzbek-forum\n        name: Uzbek Forum\n" in after  # the file's own indentation
    out = capsys.readouterr().out
    assert "added 2" in out and "skipped 1" in out
    assert "https://crd.example.org/feed: already source 'crd'" in out


def test_a_second_import_of_the_same_list_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, "sources.yaml", "title: T\nlink: https://x.org/\nsources: []\n")
    import_opml(config, SAMPLES / "miniflux.opml")
    first = config.read_text()
    capsys.readouterr()
    assert import_opml(config, SAMPLES / "miniflux.opml") == 0
    assert config.read_text() == first
    assert "added 0" in capsys.readouterr().out


def test_duplicates_and_addresses_that_are_not_http_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, "sources.yaml", "title: T\nlink: https://x.org/\nsources: []\n")
    assert import_opml(config, SAMPLES / "newsboat.opml") == 0
    out = capsys.readouterr().out
    assert "query:Unread articles" in out and "exec:~/bin/scrape-partner.sh: not an http(s) address" in out
    assert "https://CentralAsien.Example.se/feed: listed twice in the file" in out
    untitled = load_config(config).source("tajik-voices-example-tj")
    assert untitled.name == "tajik-voices.example.tj"  # no title: named after its host


def test_dry_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, "sources.yaml", COMMENTED)
    before = config.read_text()
    assert import_opml(config, SAMPLES / "freshrss.opml", "--dry-run") == 0
    assert config.read_text() == before
    assert "would add 2" in capsys.readouterr().out


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<opml version="2.0"><body><outline text="&f;" xmlUrl="https://bomb.example.org/feed"/></body></opml>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://x.example.org/feed"/></body></opml>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://203.0.113.9/opml.dtd">
<opml version="2.0"><body><outline text="x" xmlUrl="https://x.example.org/feed"/></body></opml>
"""


def test_an_external_dtd_is_never_fetched() -> None:
    # Nothing loads it (conftest's tripwire would fail the test on a connect); the outlines are read.
    (feed,) = read_opml(EXTERNAL_DTD)
    assert feed.xml_url == "https://x.example.org/feed"


@pytest.mark.parametrize("hostile", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused_in_one_line_and_the_config_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: bytes
) -> None:
    with pytest.raises(OpmlError, match="refused"):
        read_opml(hostile)
    config = write(tmp_path, "sources.yaml", COMMENTED)
    assert import_opml(config, write(tmp_path, "list.opml", hostile)) == 1
    assert config.read_text() == COMMENTED
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "refused" in err


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not readable as XML"),
        (b"<opml><body><outline", "not readable as XML"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_files_that_are_not_opml_say_so(data: bytes, words: str) -> None:
    with pytest.raises(OpmlError, match=words):
        read_opml(data)


def test_hostile_titles_become_plain_names_and_valid_ids(tmp_path: Path) -> None:
    titles = [
        "key: value # not a comment",
        "- [list] {map} &anchor *alias !tag |block >fold",
        "line one\nline two\r\n\tthree\u202e\u0000",
        "'quoted\" %directive @at `tick`",
        "Ж" * 5000,
        "🚀🚀",
        "yes",
    ]
    outlines = "".join(
        f'<outline text="{title.replace("&", "&amp;").replace(chr(34), "&quot;").replace(chr(0), "")}"'
        f' xmlUrl="https://site{index}.example.org/feed"/>'
        for index, title in enumerate(titles)
    )
    opml = write(tmp_path, "list.opml", f"<opml version='2.0'><body>{outlines}</body></opml>")
    config = write(tmp_path, "sources.yaml", "title: T\nlink: https://x.org/\nsources: []\n")
    assert import_opml(config, opml) == 0
    sources = load_config(config).sources
    assert len(sources) == len(titles)
    assert sources[0].name == "key: value # not a comment"
    assert sources[2].name == "line one line two three"
    assert sources[6].name == "yes"  # a string, not YAML's true
    assert len(sources[4].name) <= 200
    assert sources[5].id == "site5-example-org"  # nothing readable in the title: the host


def test_deeply_nested_outlines_are_read_without_recursion(tmp_path: Path) -> None:
    depth = 5000
    data = b"<opml version='2.0'><body>" + b"<outline text='f'>" * depth
    data += b"<outline text='deep' xmlUrl='https://deep.example.org/feed'/>" + b"</outline>" * depth + b"</body></opml>"
    (feed,) = read_opml(data)
    assert feed.title == "deep" and len(feed.categories) == depth


def test_plan_compares_addresses_as_the_config_check_does() -> None:
    existing = [Existing("cag", "https://CentralAsien.example.se/feed/")]
    feeds = read_opml((SAMPLES / "miniflux.opml").read_bytes())
    plan = plan_import(feeds, existing)
    assert [skipped.reason for skipped in plan.skipped] == ["already source 'cag'"]
    assert "centralasiengrupperna" not in {source.id for source in plan.added}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Новый ритм", "novyy-ritm"),
        ("Бир Дуйно Кыргызстан", "bir-duyno-kyrgyzstan"),
        ("Қазақстан үні", "qazaqstan-uni"),
        ("Щедрість і їжа", "shchedrist-i-yizha"),
        ("KobieTY — Łódź", "kobiety-lodz"),
        ("Föreningen för Sverige", "foreningen-for-sverige"),
        ("中文新闻", ""),
    ],
)
def test_slugs_transliterate(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_unique_ids_stay_short_and_valid() -> None:
    long_name = "word " * 30
    first = unique_id(long_name, "https://a.org/", set())
    second = unique_id(long_name, "https://a.org/", {first})
    assert first != second and len(second) <= 40 and second.endswith("-2") and "--" not in second


def test_a_list_of_many_feeds_named_alike_is_planned_quickly() -> None:
    feeds = [OpmlFeed(f"https://site.example.org/feed/{n}", "Новости") for n in range(20_000)]
    started = time.monotonic()
    plan = plan_import(feeds, [Existing("novosti", "https://other.example.org/")])
    assert time.monotonic() - started < 5
    ids = [source.id for source in plan.added]
    assert len(set(ids)) == 20_000 and ids[:2] == ["novosti-2", "novosti-3"] and ids[-1] == "novosti-20001"
