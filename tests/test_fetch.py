"""The fetcher against real misbehaving servers on 127.0.0.1 (no mocks of httpx)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.fetch import Fetcher
from aggregator.fetch.politeness import ROBOTS_TTL
from aggregator.models import CacheInfo, FetchResult, FetchSettings, RobotsFile
from tests.hostile import (
    BILLION_LAUGHS,
    RSS,
    HostileServer,
    body,
    cp1251_feed,
    feed_with_etag,
    gzip_bomb_2gb,
    gzipped,
    huge,
    redirect_to,
    reset,
    send,
    short_body,
    status,
    trickle,
)

SETTINGS = FetchSettings(user_agent="test-agent", allow_private_networks=True, timeout=2.0, max_bytes=1_000_000)
# The guard on, with loopback let through so the test server is reachable: everything else
# private (10/8, 169.254/16...) is refused as it would be in production.
GUARDED = FetchSettings(user_agent="test-agent", timeout=2.0, allowed_networks=("127.0.0.0/8",))


def slow(seconds: float) -> object:
    def route(handler: object) -> None:
        time.sleep(seconds)
        send(handler, 200, RSS, {"Content-Type": "application/rss+xml"})  # type: ignore[arg-type]

    return route


@pytest.fixture
def server() -> Iterator[HostileServer]:
    routes = {
        "/feed": feed_with_etag,
        "/gzip": gzipped,
        "/bomb": gzip_bomb_2gb,
        "/huge": huge,
        "/trickle": trickle,
        "/hang": lambda handler: time.sleep(5),
        "/reset": reset,
        "/short": short_body,
        "/liar": lambda handler: send(handler, 200, b"short", {"Content-Length": "5000000000"}),
        "/moved": redirect_to("/feed", 301),
        "/moved-twice": redirect_to("/moved", 308),
        "/temporary": redirect_to("/feed", 302),
        "/loop-a": redirect_to("/loop-b"),
        "/loop-b": redirect_to("/loop-a"),
        "/to-private": redirect_to("http://10.255.255.1/feed"),
        "/to-metadata": redirect_to("http://169.254.169.254/latest/meta-data/"),
        "/500": status(500),
        "/410": status(410),
        "/429": status(429, {"Retry-After": "3600"}),
        "/503": status(503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}),
        "/503-bare": status(503),
        "/max-age": body(RSS, headers={"Cache-Control": "public, max-age=7200"}),
        "/cp1251": cp1251_feed,
        "/laughs": body(BILLION_LAUGHS),
        "/empty": body(b""),
        "/robots.txt": lambda handler: send(handler, 200, b"User-agent: *\nDisallow: /secret\n"),
        "/secret": feed_with_etag,
        "/slow": slow(0.3),
    }
    with HostileServer(routes) as hostile:
        yield hostile


def fetch(url: str, settings: FetchSettings = SETTINGS, cache: CacheInfo | None = None) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url, cache or CacheInfo())

    return asyncio.run(go())


def fetch_many(urls: list[str], settings: FetchSettings = SETTINGS) -> list[FetchResult]:
    async def go() -> list[FetchResult]:
        async with Fetcher(settings) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(url) for url in urls)))

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


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("/bomb", "too large", id="2GB-gzip-bomb"),
        pytest.param("/huge", "too large", id="200MB-body"),
        pytest.param("/liar", "too large", id="content-length-over-limit"),
        pytest.param("/short", "connection broken", id="content-length-lies"),
        pytest.param("/reset", "connection broken", id="connection-reset"),
        pytest.param("/trickle", "timeout", id="trickle-cut-at-deadline"),
        pytest.param("/hang", "timeout", id="hang"),
        pytest.param("/loop-a", "redirect loop", id="redirect-loop"),
        pytest.param("/500", "HTTP 500", id="500"),
        pytest.param("/missing", "HTTP 404", id="404"),
        pytest.param("/410", "gone", id="410-gone"),
        pytest.param("/503-bare", "HTTP 503", id="503-without-retry-after"),
        pytest.param("/secret", "blocked by robots.txt", id="robots-disallow"),
    ],
)
def test_failures_are_values_with_a_kind(server: HostileServer, path: str, kind: str) -> None:
    started = time.monotonic()
    result = fetch(server.url(path))
    assert (result.outcome, result.error_kind) == ("error", kind), result.error_message
    assert result.error_message
    assert time.monotonic() - started < SETTINGS.timeout + 1.5  # every limit holds in time


def test_robots_disallowed_page_is_never_requested(server: HostileServer) -> None:
    fetch(server.url("/secret"))
    assert "/secret" not in server.hits


def test_redirects_followed_and_permanent_moves_reported(server: HostileServer) -> None:
    moved = fetch(server.url("/moved-twice"))
    assert (moved.outcome, moved.final_url, moved.permanent_redirect) == (
        "ok",
        server.url("/feed"),
        server.url("/feed"),
    )
    temporary = fetch(server.url("/temporary"))
    assert temporary.outcome == "ok" and temporary.permanent_redirect is None


def test_too_many_redirects(server: HostileServer) -> None:
    result = fetch(
        server.url("/moved-twice"), FetchSettings(user_agent="t", allow_private_networks=True, max_redirects=1)
    )
    assert result.error_kind == "too many redirects"


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_redirect_to_private_address_is_refused(server: HostileServer, path: str) -> None:
    result = fetch(server.url(path), GUARDED)
    assert result.error_kind == "private address refused"
    assert "non-public address" in (result.error_message or "")


def test_loopback_is_refused_when_private_networks_are_not_allowed(server: HostileServer) -> None:
    result = fetch(server.url("/feed"), FetchSettings(user_agent="t"))
    assert result.error_kind == "private address refused"
    assert server.hits == []  # not even robots.txt was asked for


def test_names_are_checked_after_resolution(server: HostileServer) -> None:
    url = server.url("/feed").replace("127.0.0.1", "localhost")
    assert fetch(url, FetchSettings(user_agent="t")).error_kind == "private address refused"
    assert fetch(url, GUARDED).outcome == "ok"


def test_retry_after_in_seconds_and_as_a_date(server: HostileServer) -> None:
    now = datetime.now(UTC)
    seconds = fetch(server.url("/429"))
    assert seconds.error_kind == "HTTP 429" and seconds.retry_after is not None
    assert timedelta(minutes=59) < seconds.retry_after - now < timedelta(minutes=61)
    dated = fetch(server.url("/503"))
    assert dated.retry_after is not None and dated.retry_after - now <= timedelta(days=7, minutes=1)  # capped


def test_cache_control_max_age_is_reported(server: HostileServer) -> None:
    assert fetch(server.url("/max-age")).max_age == 7200


def test_http_charset_decodes_windows_1251(server: HostileServer) -> None:
    result = fetch(server.url("/cp1251"))
    assert result.encoding == "cp1251" and "Права человека" in result.text


def test_per_host_concurrency_is_capped(server: HostileServer) -> None:
    results = fetch_many([server.url(f"/slow?{n}") for n in range(6)])
    assert all(result.outcome == "ok" for result in results)
    assert server.max_in_flight == SETTINGS.per_host == 2


def test_crawl_delay_spaces_requests() -> None:
    starts: list[float] = []

    def timed(handler: object) -> None:
        starts.append(time.monotonic())
        send(handler, 200, RSS)  # type: ignore[arg-type]

    robots = body(b"User-agent: *\nCrawl-delay: 0.5\n", "text/plain")
    with HostileServer({"/robots.txt": robots, "/a": timed, "/b": timed, "/c": timed}) as polite:
        results = fetch_many([polite.url(p) for p in ("/a", "/b", "/c")])
    assert all(result.outcome == "ok" for result in results)
    gaps = [later - earlier for earlier, later in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert min(gaps) >= 0.45


@pytest.mark.parametrize(
    ("robots", "kind"),
    [
        pytest.param(status(503), "robots.txt unavailable", id="5xx-means-later"),
        pytest.param(status(404), None, id="404-means-allowed"),
        pytest.param(status(403), None, id="403-means-allowed"),
    ],
)
def test_robots_txt_failures_follow_the_usual_rules(robots: object, kind: str | None) -> None:
    with HostileServer({"/robots.txt": robots, "/feed": body(RSS)}) as site:  # type: ignore[dict-item]
        result = fetch(site.url("/feed"))
        assert result.error_kind == kind
        assert ("/feed" in site.hits) == (kind is None)


def test_a_known_robots_txt_is_used_while_fresh_and_only_new_readings_are_handed_out(server: HostileServer) -> None:
    now = datetime.now(UTC)
    stored = RobotsFile(server.base_url, 200, "User-agent: *\nDisallow: /feed\n", now - timedelta(hours=1))
    too_old = RobotsFile(server.base_url, 200, "User-agent: *\nDisallow: /feed\n", now - ROBOTS_TTL)

    async def go() -> tuple[FetchResult, list[RobotsFile], FetchResult, list[RobotsFile], list[RobotsFile]]:
        async with Fetcher(SETTINGS, robots_files=[stored]) as fetcher:
            blocked, read = await fetcher.fetch(server.url("/feed")), fetcher.take_robots_read()
        async with Fetcher(SETTINGS, robots_files=[too_old]) as fetcher:
            fetched = await fetcher.fetch(server.url("/feed"))
            return blocked, read, fetched, fetcher.take_robots_read(), fetcher.take_robots_read()

    blocked, read, fetched, read_again, taken_twice = asyncio.run(go())
    assert blocked.error_kind == "blocked by robots.txt" and read == []  # the stored rules, no request
    assert fetched.outcome == "ok"  # too old: the host's own robots.txt (only /secret disallowed)
    assert [(f.origin, f.status) for f in read_again] == [(server.base_url, 200)] and taken_twice == []
    assert server.hits == ["/robots.txt", "/feed"]


def test_billion_laughs_and_empty_bodies_are_fetched_as_bytes(server: HostileServer) -> None:
    # The fetcher hands them on; the parser decides (tests/test_hostile_pass.py).
    assert fetch(server.url("/laughs")).outcome == "ok"
    assert fetch(server.url("/empty")).body == b""


def test_connection_refused_is_a_value() -> None:
    result = fetch("http://127.0.0.1:9/feed")
    assert result.outcome == "error" and result.error_kind == "robots.txt unavailable"


def test_requests_say_who_asks_and_what_is_wanted() -> None:
    seen: dict[str, dict[str, str]] = {}

    def recording(handler: object) -> None:
        seen[handler.path] = {name.title(): value for name, value in handler.headers.items()}  # type: ignore[attr-defined]
        send(handler, 200, RSS if handler.path == "/feed" else b"User-agent: *\n")  # type: ignore[arg-type, attr-defined]

    with HostileServer({"/feed": recording, "/robots.txt": recording}) as server:  # type: ignore[dict-item]
        result = fetch(server.url("/feed"), cache=CacheInfo(etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT"))
    assert result.outcome == "ok"
    feed, robots = seen["/feed"], seen["/robots.txt"]
    for headers in (feed, robots):
        assert headers["User-Agent"] == "test-agent"
        assert "gzip" in headers["Accept-Encoding"]
        assert headers["Host"] == server.base_url.removeprefix("http://")
        assert "Cookie" not in headers
    assert feed["Accept"].startswith("application/atom+xml")
    assert (feed["If-None-Match"], feed["If-Modified-Since"]) == ('"v1"', "Wed, 21 Oct 2015 07:28:00 GMT")
    assert "If-None-Match" not in robots
