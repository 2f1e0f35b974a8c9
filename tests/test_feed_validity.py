"""Every file the demo pipeline publishes, checked against its format's specification.

The pipeline runs once (the fixture partner web on 127.0.0.1 -> collect -> publish, with a WebSub
hub configured) and every file in the output is validated:

- Atom: the RELAX NG schema of RFC 4287 Appendix B (fixtures/schemas/atom.rng) with lxml, the
  two Schematron rules of that appendix (which RELAX NG validators skip), and the RFC's rules that
  no schema states (absolute ids, one alternate link per type).
- RSS 2.0: the RSS 2.0 specification (rssboard.org) as a checker below: required channel
  elements, known elements only outside extension namespaces, RFC 822 dates, guid isPermaLink,
  atom:link rel=self.
- JSON Feed 1.1: the specification (jsonfeed.org/version/1.1) as a table of fields and types.
- OPML 2.0, and the HTML pages: no external assets, every relative link resolves.

The rules of the W3C Feed Validation Service (validator.w3.org/feed) that our feeds once broke are
checked too (tests/w3c_rules.py), in every Atom and RSS file: a complete atom:source (id, title, updated), plausible
dates (none before 1995, none in the future: a failing partner's empty feed used to say 1970),
no blank text elements, and text for every Atom entry. Besides the demo partners (one of them,
closed-archive, always fails) the run collects tests/varied_web.py: an empty feed, items without
an excerpt, date or author, long text, odd characters, a language tag with script and region.

Atom and RSS are also read back with feedparser, which must raise no bozo flag. (feedparser 6
does not read JSON Feed.) Each checker is also shown a broken document, so a checker that
accepts everything cannot pass unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from lxml import etree

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.demo import FIXTURES, PartnerWeb
from aggregator.publish.manifest import MANIFEST_NAME, read_manifest
from tests.conftest import write_demo_config
from tests.varied_web import source_ids, varied_web
from tests.w3c_rules import atom_w3c_problems, date_problems, rss_w3c_problems

ROOT = Path(__file__).resolve().parent.parent
ATOM_SCHEMA = ROOT / "fixtures" / "schemas" / "atom.rng"
ATOM_NS = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM_NS}}}"
DC = "{http://purl.org/dc/elements/1.1/}"
# A hub on this machine that refuses the ping at once: publishing pings it, and tests never leave
# the machine (a name such as hub.example.org would send a DNS query out).
HUB = "http://127.0.0.1:9/websub"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(output folder, public base URL) of one demo run with a WebSub hub configured, the demo
    partners joined by the varied ones (tests/varied_web.py) served from a second server."""
    directory = tmp_path_factory.mktemp("validity")
    extra = varied_web(directory / "varied-web")
    with PartnerWeb() as web, PartnerWeb(directory / "varied-web") as varied:
        config = write_demo_config(directory, web)
        text = config.read_text(encoding="utf-8").replace("\nsources:", f"\nwebsub_hub: {HUB}\nsources:", 1)
        text = text.rstrip("\n") + extra.replace("http://partner.test", varied.base_url)
        config.write_text(text, encoding="utf-8")
        assert main(["--config", str(config), "collect", "--all"]) == 0
        assert main(["--config", str(config), "publish"]) == 0
        yield directory / "public", f"{web.base_url}/published/"


def files(out: Path, suffix: str) -> list[Path]:
    """The published files of one kind: those the manifest names (it is no feed itself)."""
    found = sorted(out / name for name in read_manifest(out) if name.endswith(suffix))
    assert found, f"no {suffix} files published"
    return found


def check_all(out: Path, suffix: str, check: Callable[[Path], list[str]]) -> None:
    problems = [f"{path.relative_to(out)}: {problem}" for path in files(out, suffix) for problem in check(path)]
    assert not problems, "\n".join(problems)


def test_every_published_file_is_of_a_checked_kind(published: tuple[Path, str]) -> None:
    out, _ = published
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == read_manifest(out) | {MANIFEST_NAME}  # the manifest names every file
    kinds = {p.suffix for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_NAME}
    assert kinds == {".atom", ".rss", ".json", ".opml", ".html"}
    expected = {"feed.atom", "feed.rss", "feed.json", "sources.opml", "index.html"}
    assert expected <= {p.name for p in out.iterdir()}
    partners = {p.name for p in (out / "partners").iterdir()}
    demo_sources = load_config(FIXTURES / "demo-sources.yaml").sources
    assert partners == {source.id for source in demo_sources if source.publish} | source_ids()  # not monitor-only
    for partner in partners:
        assert {p.name for p in (out / "partners" / partner).iterdir()} == {
            "feed.atom",
            "feed.rss",
            "feed.json",
            "index.html",
        }


# --- Atom ------------------------------------------------------------------------------------


def atom_problems(path: Path, base_url: str, schema: etree.RelaxNG) -> list[str]:
    tree = etree.parse(str(path))
    problems = []
    if not schema.validate(tree):
        problems += [f"RFC 4287 schema, line {e.line}: {e.message}" for e in schema.error_log]
    feed = tree.getroot()
    entries = feed.findall(f"{A}entry")
    # Appendix B's Schematron rules (annotations that RELAX NG validation skips):
    if feed.find(f"{A}author") is None and any(e.find(f"{A}author") is None for e in entries):
        problems.append("an atom:feed must have an atom:author unless all of its entries have one")
    for entry in entries:
        entry_id = entry.findtext(f"{A}id")
        links = entry.findall(f"{A}link")
        if not any(link.get("rel", "alternate") == "alternate" for link in links) and entry.find(f"{A}content") is None:
            problems.append(f"{entry_id}: needs a rel=alternate link or atom:content")
        if (
            entry.find(f"{A}author") is None
            and feed.find(f"{A}author") is None
            and entry.find(f"{A}source/{A}author") is None
        ):
            problems.append(f"{entry_id}: needs an atom:author if its feed has none")
        # RFC 4287 4.1.2: at most one alternate link per (type, hreflang).
        alternates = [(k.get("type"), k.get("hreflang")) for k in links if k.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{entry_id}: two alternate links with the same type and hreflang")
    # RFC 4287 4.2.6: atom:id is an absolute IRI.
    for element in feed.iter(f"{A}id"):
        if not urlsplit(element.text or "").scheme:
            problems.append(f"atom:id {element.text!r} is not an absolute IRI")
    # 4.2.7.2 "self": where this very document lives.
    self_links = [k.get("href") for k in feed.findall(f"{A}link") if k.get("rel") == "self"]
    if self_links != [base_url + path_in(path)]:
        problems.append(f"rel=self {self_links} is not this file's address")
    hubs = [k.get("href") for k in feed.findall(f"{A}link") if k.get("rel") == "hub"]
    if hubs != [HUB]:
        problems.append(f"WebSub hub links {hubs}, expected [{HUB!r}]")
    # What the W3C Feed Validation Service checks beyond the RFC (tests/w3c_rules.py).
    problems += atom_w3c_problems(feed)
    return problems + date_problems(path)


def path_in(path: Path) -> str:
    """The file's path below the output folder, as in its public URL."""
    parts = path.parts
    return "/".join(parts[parts.index("public") + 1 :])


def test_atom_feeds_are_valid(published: tuple[Path, str]) -> None:
    out, base_url = published
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    check_all(out, ".atom", lambda path: atom_problems(path, base_url, schema))


def test_atom_schema_rejects_what_rfc_4287_forbids() -> None:
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    good = (
        f'<feed xmlns="{ATOM_NS}"><id>urn:x:1</id><title>t</title><updated>2024-01-01T00:00:00Z</updated>'
        "<entry><id>urn:x:2</id><title>e</title><updated>2024-01-01T00:00:00Z</updated></entry></feed>"
    )
    assert schema.validate(etree.fromstring(good))
    broken = {
        "feed without id": good.replace("<id>urn:x:1</id>", ""),
        "entry without updated": good.replace("<updated>2024-01-01T00:00:00Z</updated></entry>", "</entry>"),
        "date that is not RFC 3339": good.replace("2024-01-01T00:00:00Z", "Mon, 01 Jan 2024", 1),
        "unknown Atom element": good.replace("<title>t</title>", "<title>t</title><colour/>"),
        "bad xml:lang": good.replace("<entry>", '<entry xml:lang="not a tag">'),
    }
    for name, document in broken.items():
        assert not schema.validate(etree.fromstring(document)), name


def test_atom_checker_catches_what_the_w3c_validator_flags(published: tuple[Path, str], tmp_path: Path) -> None:
    out, base_url = published
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    original = (out / "feed.atom").read_text("utf-8")
    assert "<source>" in original
    broken = {
        "source without updated": re.sub(
            r"(<source>.*?)<updated>[^<]*</updated>", r"\1", original, count=1, flags=re.S
        ),
        "date of 1970": re.sub(
            r"<updated>[^<]*</updated>", "<updated>1970-01-01T00:00:00+00:00</updated>", original, count=1
        ),
        "date in the future": re.sub(
            r"<published>[^<]*</published>", "<published>2100-01-01T00:00:00Z</published>", original, count=1
        ),
        "no summary": re.sub(r"<summary type=\"text\">[^<]*</summary>", "", original, count=1),
        "blank summary": re.sub(
            r"<summary type=\"text\">[^<]*</summary>", '<summary type="text"></summary>', original, count=1
        ),
    }
    for name, text in broken.items():
        assert text != original, name
        path = tmp_path / "public" / "feed.atom"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        assert atom_problems(path, base_url, schema), name


# --- RSS 2.0 ---------------------------------------------------------------------------------

# RSS 2.0 specification: the elements of <channel> and <item>; anything else must be in a namespace.
RSS_CHANNEL = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
    "skipHours", "skipDays", "item",
}  # fmt: skip
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
# RFC 822 section 5 date-time as RSS uses it (four-digit years, as the RSS spec recommends).
RFC822 = re.compile(
    r"(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(\d{2}):(\d{2})(?::(\d{2}))? (UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z]|[+-]\d{4})"
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def rfc822_problem(text: str | None) -> str | None:
    match = RFC822.fullmatch(text or "")
    if not match:
        return f"{text!r} is not an RFC 822 date"
    moment = parsedate_to_datetime(text or "")
    if match.group(1) and WEEKDAYS[moment.weekday()] != match.group(1):
        return f"{text!r}: wrong day of the week"
    return None


def rss_problems(path: Path, base_url: str) -> list[str]:
    root = etree.parse(str(path)).getroot()
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')}>, not <rss version=2.0>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} channels"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        found = channel.findall(name)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append(f"channel needs exactly one non-empty <{name}>")
    problems += unknown_elements(channel, RSS_CHANNEL, "channel")
    for name in ("pubDate", "lastBuildDate"):
        if channel.find(name) is not None and (problem := rfc822_problem(channel.findtext(name))):
            problems.append(f"channel {name}: {problem}")
    links = {link.get("rel"): link for link in channel.findall(f"{A}link")}
    self_link = links.get("self")
    if self_link is None or self_link.get("href") != base_url + path_in(path):
        problems.append("atom:link rel=self missing or not this file's address")
    elif self_link.get("type") != "application/rss+xml":
        problems.append("atom:link rel=self should say type=application/rss+xml")
    if links.get("hub") is None or links["hub"].get("href") != HUB:
        problems.append("atom:link rel=hub missing")
    for item in channel.findall("item"):
        problems += [f"item {item.findtext('guid')}: {p}" for p in rss_item_problems(item)]
    problems += rss_w3c_problems(channel)
    return problems + date_problems(path)


def rss_item_problems(item: etree._Element) -> list[str]:
    problems = unknown_elements(item, RSS_ITEM, "item")
    if not (item.findtext("title") or item.findtext("description")):
        problems.append("needs a title or a description")
    guid = item.find("guid")
    if guid is None:
        problems.append("no guid")
    else:
        permalink = guid.get("isPermaLink", "true")
        if permalink not in ("true", "false"):
            problems.append(f"isPermaLink={permalink!r}")
        # isPermaLink defaults to true, which promises the guid is a URL to open.
        if permalink == "true" and urlsplit(guid.text or "").scheme not in ("http", "https"):
            problems.append(f"guid {guid.text!r} is no URL but isPermaLink is true")
    if problem := rfc822_problem(item.findtext("pubDate")):
        problems.append(f"pubDate: {problem}")
    if urlsplit(item.findtext("link") or "").scheme not in ("http", "https"):
        problems.append("link is not an absolute web address")
    source = item.find("source")
    if source is not None and not source.get("url"):
        problems.append("<source> needs a url attribute")
    author = item.findtext("author")
    if author is not None and "@" not in author:
        problems.append("<author> must be an email address (dc:creator is for names)")
    return problems


def unknown_elements(parent: etree._Element, known: set[str], where: str) -> list[str]:
    return [
        f"<{child.tag}> is not an RSS 2.0 {where} element"
        for child in parent
        if isinstance(child.tag, str) and not child.tag.startswith("{") and child.tag not in known
    ]


def test_rss_feeds_follow_the_rss_2_0_specification(published: tuple[Path, str]) -> None:
    out, base_url = published
    check_all(out, ".rss", lambda path: rss_problems(path, base_url))


def test_rss_items_credit_authors_with_dc_creator(published: tuple[Path, str]) -> None:
    out, _ = published
    rss = etree.parse(str(out / "feed.rss")).getroot()
    items = json.loads((out / "feed.json").read_text("utf-8"))["items"]
    creators = [item.findtext(f"{DC}creator") for item in rss.iter("item")]
    assert creators == [item["authors"][0]["name"] if "authors" in item else None for item in items]
    assert any(creators) and not all(creators)


def test_rss_checker_catches_broken_documents(published: tuple[Path, str], tmp_path: Path) -> None:
    out, base_url = published
    original = (out / "feed.rss").read_text("utf-8")
    broken = {
        "no channel description": re.sub(r"\n    <description>.*?</description>", "", original, count=1),
        "date not RFC 822": re.sub(r"<pubDate>[^<]*</pubDate>", "<pubDate>2019-08-14T08:05:00Z</pubDate>", original),
        "urn guid as permalink": original.replace('isPermaLink="false"', 'isPermaLink="true"'),
        "unknown element": original.replace("<item>", "<item><colour>red</colour>", 1),
        "lastBuildDate of 1970": re.sub(
            r"<lastBuildDate>[^<]*</lastBuildDate>",
            "<lastBuildDate>Thu, 01 Jan 1970 00:00:00 +0000</lastBuildDate>",
            original,
        ),
        "blank description": re.sub(
            r"(<item>.*?)<description>[^<]*</description>", r"\1<description/>", original, count=1, flags=re.S
        ),
    }
    for name, text in broken.items():
        assert text != original, name
        path = tmp_path / "public" / "feed.rss"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        assert rss_problems(path, base_url), name


# --- JSON Feed 1.1 ---------------------------------------------------------------------------

# JSON Feed 1.1: every field the specification defines, with its type. "url": a string holding
# an absolute URL; "date": an RFC 3339 date-time string.
JSON_TOP = {
    "version": "string", "title": "string", "home_page_url": "url", "feed_url": "url", "description": "string",
    "user_comment": "string", "next_url": "url", "icon": "url", "favicon": "url", "authors": "authors",
    "language": "string", "expired": "bool", "hubs": "hubs", "items": "items",
}  # fmt: skip
JSON_ITEM = {
    "id": "string", "url": "url", "external_url": "url", "title": "string", "content_html": "string",
    "content_text": "string", "summary": "string", "image": "url", "banner_image": "url", "date_published": "date",
    "date_modified": "date", "authors": "authors", "tags": "strings", "language": "string",
    "attachments": "attachments",
}  # fmt: skip
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
EXTENSION = re.compile(r"_[A-Za-z].*")


def json_problems(document: Any) -> list[str]:
    if not isinstance(document, dict):
        return ["not an object"]
    problems = []
    for key in ("version", "title", "items"):
        if key not in document:
            problems.append(f"required {key!r} missing")
    if document.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version {document.get('version')!r}")
    problems += fields_problems(document, JSON_TOP, "feed")
    ids = [item.get("id") for item in document.get("items", []) if isinstance(item, dict)]
    if len(ids) != len(set(ids)):
        problems.append("item ids repeat")
    return problems


def fields_problems(obj: dict[str, Any], spec: dict[str, str], where: str) -> list[str]:
    problems = []
    for key, value in obj.items():
        if EXTENSION.fullmatch(key):
            continue  # a custom object: "_" and a letter
        kind = spec.get(key)
        if kind is None:
            problems.append(f"{where}: {key!r} is not a JSON Feed 1.1 field (extensions start with _)")
        elif problem := value_problem(value, kind):
            problems.append(f"{where}.{key}: {problem}")
    return problems


def value_problem(value: Any, kind: str) -> str | None:
    if kind in ("string", "url", "date") and not isinstance(value, str):
        return f"must be a string, is {type(value).__name__}"
    if kind == "url" and not urlsplit(value).scheme:
        return f"{value!r} is not an absolute URL"
    if kind == "date" and not RFC3339.fullmatch(value):
        return f"{value!r} is not RFC 3339"
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "must be a number"
    if kind == "bool" and not isinstance(value, bool):
        return "must be true or false"
    if kind == "strings" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return "must be an array of strings"
    if kind in ("authors", "hubs", "items", "attachments"):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return "must be an array of objects"
        problems = [p for v in value for p in OBJECT_CHECKS[kind](v)]
        return "; ".join(problems) or None
    return None


def author_problems(author: dict[str, Any]) -> list[str]:
    spec = {"name": "string", "url": "url", "avatar": "url"}
    problems = fields_problems(author, spec, "author")
    if not set(author) & set(spec):
        problems.append("an author needs a name, url or avatar")
    return problems


def hub_problems(hub: dict[str, Any]) -> list[str]:
    missing = [f"hub needs {key!r}" for key in ("type", "url") if key not in hub]
    return missing + fields_problems(hub, {"type": "string", "url": "url"}, "hub")


def item_problems(item: dict[str, Any]) -> list[str]:
    problems = [] if "id" in item else ["item without id"]
    if "content_html" not in item and "content_text" not in item:
        problems.append(f"item {item.get('id')}: needs content_html or content_text")
    return problems + fields_problems(item, JSON_ITEM, f"item {item.get('id')}")


def attachment_problems(attachment: dict[str, Any]) -> list[str]:
    spec = {
        "url": "url",
        "mime_type": "string",
        "title": "string",
        "size_in_bytes": "int",
        "duration_in_seconds": "int",
    }
    missing = [f"attachment needs {key!r}" for key in ("url", "mime_type") if key not in attachment]
    return missing + fields_problems(attachment, spec, "attachment")


OBJECT_CHECKS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "authors": author_problems,
    "hubs": hub_problems,
    "items": item_problems,
    "attachments": attachment_problems,
}


def test_json_feeds_follow_the_json_feed_1_1_specification(published: tuple[Path, str]) -> None:
    out, base_url = published

    def check(path: Path) -> list[str]:
        document = json.loads(path.read_text("utf-8"))
        problems = json_problems(document)
        if document.get("feed_url") != base_url + path_in(path):
            problems.append(f"feed_url {document.get('feed_url')!r} is not this file's address")
        if document.get("hubs") != [{"type": "WebSub", "url": HUB}]:
            problems.append(f"hubs {document.get('hubs')!r}")
        return problems

    check_all(out, ".json", check)


def test_json_checker_catches_broken_documents(published: tuple[Path, str]) -> None:
    out, _ = published
    good = json.loads((out / "feed.json").read_text("utf-8"))
    assert json_problems(good) == []
    first = good["items"][0]
    broken = {
        "no items": {k: v for k, v in good.items() if k != "items"},
        "old version": {**good, "version": "https://jsonfeed.org/version/1"},
        "unknown field": {**good, "colour": "red"},
        "numeric title": {**good, "title": 5},
        "item without content": {**good, "items": [{k: v for k, v in first.items() if k != "content_text"}]},
        "date not RFC 3339": {**good, "items": [{**first, "date_published": "Mon, 06 May 2024 11:00:00 +0000"}]},
        "empty author": {**good, "items": [{**first, "authors": [{}]}]},
        "hub without url": {**good, "hubs": [{"type": "WebSub"}]},
    }
    for name, document in broken.items():
        assert json_problems(document), name


# --- read back as subscribers do -------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".atom", ".rss"])
def test_feedparser_reads_every_feed_without_complaint(published: tuple[Path, str], suffix: str) -> None:
    out, _ = published
    for path in files(out, suffix):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if suffix == ".atom" else "rss20"), path
        items = json.loads(path.with_suffix(".json").read_text("utf-8"))["items"]
        # The three formats of one feed hold the same stories in the same order.
        assert [e.id for e in parsed.entries] == [item["id"] for item in items], path


def test_every_format_says_the_same_text(published: tuple[Path, str]) -> None:
    """Escaping: each format writes a story's text its own way (Atom as text, RSS as the HTML
    showing it, JSON as a string), and every one reads back as the same characters, odd ones
    (markup-like, "&", right-to-left, emoji: tests/varied_web.py) included."""
    out, _ = published
    problems = []
    for path in files(out, ".json"):
        items = json.loads(path.read_text("utf-8"))["items"]
        atom = etree.parse(str(path.with_suffix(".atom"))).getroot().findall(f"{A}entry")
        rss = etree.parse(str(path.with_suffix(".rss"))).getroot().findall("channel/item")
        for item, entry, rss_item in zip(items, atom, rss, strict=True):
            # Atom gives an entry without an excerpt its title as summary; RSS leaves it out.
            said = {
                "atom": (entry.findtext(f"{A}title"), entry.findtext(f"{A}summary")),
                "rss": tuple(html.unescape(rss_item.findtext(name) or "") for name in ("title", "description")),
            }
            title = item["title"] or item.get("url") or "(no title)"  # Atom and RSS need a title
            expected = {"atom": (title, item["summary"] or title), "rss": (title, item["summary"])}
            problems += [
                f"{path.name} {item['id']} {kind}: {said[kind]!r}" for kind in said if said[kind] != expected[kind]
            ]
    assert not problems, "\n".join(problems)
    assert any("&" in story["title"] for story in json.loads((out / "feed.json").read_text("utf-8"))["items"])


# --- OPML and the pages ----------------------------------------------------------------------


def test_opml_is_valid_opml_2_0(published: tuple[Path, str]) -> None:
    out, base_url = published
    root = etree.parse(str(out / "sources.opml")).getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    assert root.find("head/dateCreated") is None  # a timestamp would change the file every publish
    outlines = list(root.iter("outline"))
    assert outlines and all(o.get("text") for o in outlines)  # OPML 2.0: every outline has text
    feeds = [o for o in outlines if o.get("type") == "rss"]
    assert all(urlsplit(o.get("xmlUrl", "")).scheme for o in feeds)
    published_urls = {o.get("xmlUrl") for o in feeds if o.get("xmlUrl", "").startswith(base_url)}
    for kind in ("atom", "rss", "json"):
        assert base_url + f"feed.{kind}" in published_urls
        assert base_url + f"partners/kobiety/feed.{kind}" in published_urls
        assert base_url + f"sv/feed.{kind}" in published_urls


def page_problems(path: Path, out: Path) -> list[str]:
    text = path.read_text("utf-8")
    page = lxml.html.fromstring(text)
    problems = []
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    if len(csp) != 1 or "default-src 'none'" not in csp[0]:
        problems.append(f"Content-Security-Policy {csp}")
    for script in page.iter("script"):
        if script.get("src"):
            problems.append("a script from a file")
        digest = base64.b64encode(hashlib.sha256((script.text or "").encode()).digest()).decode()
        if csp and f"'sha256-{digest}'" not in csp[0]:
            problems.append("inline script not allowed by the page's own policy")
    for element, attribute, target, _ in page.iterlinks():
        if element.tag == "a" or (element.tag == "link" and element.get("rel") == "alternate"):
            if urlsplit(target).scheme:
                continue  # a link to follow, not an asset to load
            resolved = (path.parent / urlsplit(target).path).resolve()
            if resolved.is_dir():
                resolved /= "index.html"
            if not resolved.is_file() or not resolved.is_relative_to(out.resolve()):
                problems.append(f"broken link {target!r}")
        else:
            problems.append(f"loads <{element.tag} {attribute}={target!r}>: pages must work offline")
    if "@import" in text or "url(" in text:
        problems.append("CSS loads something")
    return problems


def test_pages_need_nothing_from_outside_and_their_links_resolve(published: tuple[Path, str]) -> None:
    out, _ = published
    check_all(out, ".html", lambda path: page_problems(path, out))
