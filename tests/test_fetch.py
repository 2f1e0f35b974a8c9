"""The fetcher against real misbehaving servers on 127.0.0.1 (no mocks of httpx)."""

from __future__ import annotations

import asyncio
import codecs
import time
from collections.abc import Iterator

import pytest

from aggregator.fetch import Fetcher, detect_encoding
from aggregator.models import CacheInfo, FetchResult, FetchSettings
from tests.hostile import (
    HostileServer,
    cp1251_feed,
    feed_with_etag,
    gzip_bomb,
    gzipped,
    huge,
    redirect_to,
    send,
    status,
    trickle,
)

SETTINGS = FetchSettings(user_agent="test-agent", allow_private_networks=True, timeout=2.0, max_bytes=1_000_000)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    routes = {
        "/feed": feed_with_etag,
        "/gzip": gzipped,
        "/bomb": gzip_bomb,
        "/huge": huge,
        "/trickle": trickle,
        "/hang": lambda handler: time.sleep(5),
        "/moved": redirect_to("/feed"),
        "/loop-a": redirect_to("/loop-b"),
        "/loop-b": redirect_to("/loop-a"),
        "/500": status(500),
        "/410": status(410),
        "/cp1251": cp1251_feed,
        "/robots.txt": lambda handler: send(handler, 200, b"User-agent: *\nDisallow: /secret\n"),
        "/secret": feed_with_etag,
        "/liar": lambda handler: send(handler, 200, b"short", {"Content-Length": "5000000000"}),
    }
    with HostileServer(routes) as hostile:
        yield hostile


def fetch(url: str, settings: FetchSettings = SETTINGS, cache: CacheInfo | None = None) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url, cache or CacheInfo())

    return asyncio.run(go())


def test_ok_then_conditional_get_is_not_modified(server: HostileServer) -> None:
    first = fetch(server.url("/feed"))
    assert (first.outcome, first.status, first.cache.etag) == ("ok", 200, '"v1"')
    assert b"<rss" in first.body
    second = fetch(server.url("/feed"), cache=first.cache)
    assert (second.outcome, second.status, second.body) == ("not_modified", 304, b"")


def test_gzip_is_decoded(server: HostileServer) -> None:
    result = fetch(server.url("/gzip"))
    assert result.outcome == "ok" and result.body.startswith(b"<?xml")


@pytest.mark.parametrize("path", ["/bomb", "/huge", "/liar"])
def test_bodies_over_the_limit_are_refused(server: HostileServer, path: str) -> None:
    result = fetch(server.url(path))
    assert (result.outcome, result.error_kind) == ("error", "too large")


def test_trickling_server_is_cut_at_the_deadline(server: HostileServer) -> None:
    result = fetch(server.url("/trickle"))
    assert (result.outcome, result.error_kind) == ("error", "timeout")
    assert result.duration < SETTINGS.timeout + 1.0


def test_hanging_server_times_out(server: HostileServer) -> None:
    result = fetch(server.url("/hang"))
    assert result.error_kind == "timeout"


def test_redirect_followed_and_loop_detected(server: HostileServer) -> None:
    moved = fetch(server.url("/moved"))
    assert moved.outcome == "ok" and moved.final_url == server.url("/feed")
    loop = fetch(server.url("/loop-a"))
    assert loop.error_kind == "redirect loop"


@pytest.mark.parametrize(("path", "kind"), [("/500", "HTTP 500"), ("/410", "HTTP 410"), ("/missing", "HTTP 404")])
def test_http_errors_are_values(server: HostileServer, path: str, kind: str) -> None:
    result = fetch(server.url(path))
    assert (result.outcome, result.error_kind) == ("error", kind)


def test_robots_txt_is_honoured(server: HostileServer) -> None:
    result = fetch(server.url("/secret"))
    assert result.error_kind == "blocked by robots.txt"
    assert "/secret" not in server.hits  # never requested


def test_private_addresses_are_refused_unless_allowed(server: HostileServer) -> None:
    guarded = FetchSettings(user_agent="test-agent", allow_private_networks=False)
    result = fetch(server.url("/feed"), guarded)
    assert result.error_kind == "private address refused"
    assert server.hits == []


def test_connection_refused_is_a_value() -> None:
    result = fetch("http://127.0.0.1:9/feed")
    assert result.outcome == "error" and result.error_kind in ("connection failed", "robots.txt unavailable")


def test_http_charset_decodes_windows_1251(server: HostileServer) -> None:
    result = fetch(server.url("/cp1251"))
    assert result.encoding == "cp1251" and "Права человека" in result.text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param("<p>Привет</p>".encode("cp1251"), "text/html; charset=windows-1251", "cp1251", id="http-charset"),
        pytest.param('<?xml version="1.0" encoding="KOI8-R"?><rss/>'.encode("koi8-r"), "application/xml", "koi8-r",
                     id="xml-prolog"),
        pytest.param('<meta charset="windows-1251"><p>Ош</p>'.encode("cp1251"), "text/html", "cp1251", id="html-meta"),
        pytest.param(codecs.BOM_UTF8 + "<p>ü</p>".encode(), "text/html; charset=windows-1251", "utf-8",
                     id="bom-beats-header"),
        pytest.param("<p>Правозащитники обсудили свободу собраний</p>".encode("cp1251"), "text/html; charset=utf-8", "cp1251",
                     id="utf8-label-on-cp1251-bytes"),
        pytest.param("Жаштар үчүн".encode("utf-16"), "", "utf-16", id="utf16-bom"),
        pytest.param(b"plain ascii", "", "utf-8", id="no-hints"),
        pytest.param(b"<p>x</p>", "text/html; charset=no-such-codec", "utf-8", id="unknown-charset"),
    ],
)  # fmt: skip
def test_detect_encoding(body: bytes, content_type: str, expected: str) -> None:
    assert detect_encoding(body, content_type) == expected
