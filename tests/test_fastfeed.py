"""The lxml fast path and feedparser give the same items over the whole fixture corpus, and
every feed the fast path is unsure of goes to feedparser."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.clean import to_items
from aggregator.demo import FIXTURES
from aggregator.fetch import detect_encoding
from aggregator.models import SourceConfig
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import _PROLOG_ENCODING, parse_with_feedparser
from bench.simweb import feed_body
from tests.hostile import BILLION_LAUGHS, RSS

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "http://partner.test/feeds/"
CORPUS = sorted(p for p in (FIXTURES / "web").rglob("*.xml"))
SOURCE = SOURCE_ANY = SourceConfig("s", "S", BASE, "feed", ())


def utf8(raw: bytes) -> bytes:
    """What parse_feed hands both parsers: text decoded by the fetcher's rules, as UTF-8."""
    return _PROLOG_ENCODING.sub(r"\1", raw.decode(detect_encoding(raw)), count=1).encode()


EXTRA = {
    "simweb-rss": feed_body(7, "127.0.1.8:80"),
    "hostile-rss": RSS,
    "rss-author-email": b'<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/a</link>'
    b"<author>press@birduino.kg (Press Service)</author><pubDate>Tue, 02 Jul 2019 09:41:27 +0600</pubDate></item></channel></rss>",
    "atom-xhtml-relative": b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru" xml:base="http://partner.test/news/">'
    b'<title>T</title><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Title <b>bold</b></div></title>'
    b'<link href="post/1"/><id>tag:x,2019:1</id><updated>2019-07-02T10:00:00Z</updated>'
    b'<summary type="html">&lt;p&gt;Text&lt;/p&gt;</summary><author><name>Anna</name></author></entry></feed>',
}


def cases() -> list[tuple[str, bytes]]:
    found = [(str(path.relative_to(FIXTURES)), utf8(path.read_bytes())) for path in CORPUS]
    return found + [(name, utf8(body)) for name, body in EXTRA.items()]


@pytest.mark.parametrize(("name", "body"), cases(), ids=[name for name, _ in cases()])
def test_fast_path_matches_feedparser(name: str, body: bytes) -> None:
    fast = parse_fast(body, BASE)
    assert fast is not None, f"{name}: expected the fast path to take this well-formed feed"
    slow = parse_with_feedparser(body, BASE)
    fast_items = to_items(fast, SOURCE, excerpt_length=300, now=NOW)
    slow_items = to_items(slow, SOURCE, excerpt_length=300, now=NOW)
    assert fast_items == slow_items
    assert fast_items, name


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(BILLION_LAUGHS, id="doctype-entities"),
        pytest.param(b"<rss version=\"2.0\"><channel><title>T &nbsp; </title><item><title>x</title></item></channel></rss>", id="html-entity-in-xml"),
        pytest.param(b'<rss version="2.0"><channel><item><title>unclosed</item></channel></rss>', id="ill-formed"),
        pytest.param(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>', id="rss-1.0"),
        pytest.param(b'<rss version="0.91"><channel><title>T</title></channel></rss>', id="rss-0.91"),
        pytest.param(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', id="json-feed"),
        pytest.param(b'<rss version="2.0"><channel><item><title>T</title><description><p>raw markup</p></description></item></channel></rss>', id="markup-in-text"),
        pytest.param(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content src="http://x/1"/></entry></feed>', id="atom-out-of-line"),
    ],
)  # fmt: skip
def test_unsure_feeds_go_to_feedparser(body: bytes) -> None:
    assert parse_fast(body, BASE) is None
    parse_with_feedparser(body, BASE)  # and feedparser copes, whatever it makes of them


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 5 and all(isinstance(p, Path) for p in CORPUS)
