"""Fuzzing the whole path a partner's answer takes: bytes and headers -> fetch -> parse -> extract
-> store -> publish. Whatever a server sends, the pass records an outcome instead of raising,
publishing succeeds, and every published file still parses.

Bodies are feed and page skeletons with generated text in every field (and generated encodings,
entities and markup), or plain random bytes; headers are generated too. Bounded for CI.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.collect import collect_pass
from aggregator.pipeline import publish_outputs
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import HostileServer, send

# Text of every kind: controls, surrogates, non-characters, bidi overrides, markup and entities.
NASTY = "\x00\x01\x08\x0b\x1f\x7f\u0085\u200b\u202e\u2066\ufeff\ufffe\uffff<>&\"'"
field_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list(NASTY) + list("aбв ӨҚ")), max_size=40),
    st.sampled_from(
        [
            "&#1;",
            "&#xFFFE;",
            "&#55296;",
            "&nbsp;",
            "&bogus;",
            "<img src=x onerror=alert(1)>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "]]>",
            "<![CDATA[x]]>",
            "javascript:alert(1)",
            "x" * 5000,
        ]
    ),
)
dates = st.one_of(
    field_text,
    st.sampled_from(["Mon, 06 Sep 2021 16:45:00 +0000", "2021-09-06T16:45:00+06:00", "0000-00-00", "9999-12-31T99:99"]),
)
links = st.one_of(
    field_text,
    st.sampled_from(["/relative/1", "http://127.0.0.1:1/x", "https://partner.example/a?utm_source=x#c", "data:,x"]),
)


@st.composite
def rss(draw: st.DrawFn) -> str:
    items = "".join(
        f"<item><title>{draw(field_text)}</title><link>{draw(links)}</link><guid>{draw(field_text)}</guid>"
        f"<description>{draw(field_text)}</description><pubDate>{draw(dates)}</pubDate>"
        f"<dc:creator>{draw(field_text)}</dc:creator></item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{draw(field_text)}</title><language>{draw(field_text)}</language>{items}</channel></rss>"
    )


@st.composite
def atom(draw: st.DrawFn) -> str:
    entries = "".join(
        f'<entry><id>{draw(field_text)}</id><title type="{draw(st.sampled_from(["text", "html", "xhtml"]))}">'
        f'{draw(field_text)}</title><link href="{draw(links)}"/><updated>{draw(dates)}</updated>'
        f"<summary>{draw(field_text)}</summary><author><name>{draw(field_text)}</name></author></entry>"
        for _ in range(draw(st.integers(0, 3)))
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(field_text)}</title>{entries}</feed>'


@st.composite
def json_feed(draw: st.DrawFn) -> str:
    items = [
        {
            "id": draw(field_text),
            "url": draw(links),
            "title": draw(field_text),
            "content_text": draw(field_text),
            "date_published": draw(dates),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": draw(field_text), "items": items})


@st.composite
def html_page(draw: st.DrawFn) -> str:
    posts = "".join(
        f'<article><h2><a href="{draw(links)}">{draw(field_text)}</a></h2><time datetime="{draw(dates)}">'
        f"{draw(field_text)}</time><p>{draw(field_text)}</p></article>"
        for _ in range(draw(st.integers(0, 4)))
    )
    return f'<html lang="{draw(field_text)}"><head><title>{draw(field_text)}</title></head><body>{posts}</body></html>'


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=3000))
    text = draw(st.one_of(rss(), atom(), json_feed(), html_page()))
    codec = draw(st.sampled_from(["utf-8", "utf-16", "cp1251", "koi8-r", "latin-1"]))
    return text.encode(codec, errors="replace")


header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40)
content_types = st.one_of(
    st.sampled_from(
        [
            "application/rss+xml",
            "application/atom+xml; charset=utf-8",
            "application/feed+json",
            "text/html; charset=windows-1251",
            "text/xml; charset=bogus",
            "application/octet-stream",
        ]
    ),
    header_text,
)
headers = st.fixed_dictionaries(
    {"Content-Type": content_types},
    optional={
        "ETag": header_text,
        "Last-Modified": header_text,
        "Cache-Control": header_text,
        "Content-Language": header_text,
        "Retry-After": header_text,
        "Link": header_text,
    },
)


@pytest.fixture(scope="module")
def web() -> Iterator[HostileServer]:
    with HostileServer({}) as server:
        yield server


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies(), answer_headers=headers, kind=st.sampled_from(["auto", "feed", "html"]))
def test_any_answer_is_collected_and_published_into_files_that_parse(
    web: HostileServer, body: bytes, answer_headers: dict[str, str], kind: str
) -> None:
    web.routes["/source"] = lambda handler: send(handler, 200, body, answer_headers)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = {"id": "fuzz", "name": "Fuzz", "url": web.url("/source"), "type": kind}
        fetch = {"timeout": 5, "allow_private_networks": True}
        config = make_config(root, [source], fetch=fetch, output_dir="public")
        store = Store(config.database)
        store.create_schema()
        try:
            report = asyncio.run(collect_pass(config, store, everything=True))
            assert [r.source_id for r in report.reports] == ["fuzz"]
            publish_outputs(config, store)
        finally:
            store.close()
        published = [path for path in (root / "public").rglob("*") if path.is_file()]
        assert published
        for path in published:
            _assert_parses(path)


def _assert_parses(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix in (".atom", ".rss", ".opml"):
        lxml.etree.fromstring(data)  # raises on anything that is not well-formed XML
        if path.suffix != ".opml":
            assert not feedparser.parse(data).bozo, path
    elif path.suffix == ".json":
        json.loads(data)
    elif path.suffix == ".html":
        assert lxml.html.document_fromstring(data.decode("utf-8")) is not None
