"""collect_pass details: a body seen before is not parsed again, robots.txt is kept across passes,
hosts take turns."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.collect import HostTurns, PassReport, collect_pass
from aggregator.fetch.politeness import ROBOTS_RETRY, ROBOTS_TTL, is_fresh
from aggregator.models import Config
from aggregator.store import Store
from tests.configs import Source, make_config
from tests.hostile import RSS, HostileServer, body, send, status


def test_same_body_again_is_not_parsed(tmp_path: Path) -> None:
    with HostileServer({"/feed": body(RSS)}) as server:  # no ETag, no Last-Modified: always 200
        config, store = _config_and_store(tmp_path, [{"id": "plain", "url": server.url("/feed"), "type": "feed"}])
        first = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        second = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        server.routes["/feed"] = body(
            RSS.replace(b"</channel>", b"<item><title>Two</title><link>http://x/2</link></item></channel>")
        )
        third = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
    assert (first.outcome, first.entries, first.new) == ("ok", 1, 1)
    assert (second.outcome, second.entries) == ("ok", 0)  # fetched, recognised, not parsed
    assert (third.entries, third.new) == (2, 1)
    assert server.hits.count("/feed") == 3


def _listing(count: int) -> bytes:
    items = "".join(
        f'<li><h3><a href="/news/{n}">Жаштар форуму {n}: Ош шаарында укук коргоо</a></h3></li>'
        for n in range(1, count + 1)
    )
    return f'<html lang="ky"><head><title>Жаңылыктар</title></head><body><nav><a href="/">Башкы</a></nav><ul class="news">{items}</ul></body></html>'.encode()


def _article(n: int) -> bytes:
    return (
        f'<html lang="ky"><head><title>Жаштар форуму {n}</title>'
        f'<meta property="article:published_time" content="2019-07-0{n}T10:00:00+06:00">'
        f'<meta name="description" content="Ош шаарында {n}-жолу жаштардын укук коргоо форуму өттү. Катышуучулар тажрыйба алмашышты.">'
        f'<link rel="canonical" href="/articles/{n}/">'
        "</head><body><h1>Жаштар форуму</h1></body></html>"
    ).encode()


def test_news_page_without_selectors_reads_new_articles_once(tmp_path: Path) -> None:
    routes = {"/news": body(_listing(3), "text/html")} | {
        f"/news/{n}": body(_article(n), "text/html") for n in range(1, 5)
    }
    with HostileServer(routes) as server:  # type: ignore[arg-type]
        source = {"id": "kg", "url": server.url("/news"), "type": "html", "languages": ["ky", "ru"]}
        config, store = _config_and_store(tmp_path, [source])
        first = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        stories = sorted(store.latest_stories(10), key=lambda story: story.url)
        server.routes["/news"] = body(_listing(4), "text/html")
        server.hits.clear()
        second = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
    assert (first.outcome, first.new) == ("ok", 3), first.error_message
    assert [story.published.isoformat() for story in stories] == [f"2019-07-0{n}T04:00:00+00:00" for n in (1, 2, 3)]
    assert all(story.summary.startswith("Ош шаарында") and story.language == "ky" for story in stories)
    assert not any(story.date_is_first_seen for story in stories)
    assert [story.url.split("/", 3)[3] for story in stories] == [
        "articles/1/",
        "articles/2/",
        "articles/3/",
    ]  # rel=canonical
    assert second.new == 1
    assert [hit for hit in server.hits if hit.startswith("/news/")] == ["/news/4"]  # only the new article


def _feed(n: int) -> bytes:
    return RSS.replace(b"http://x/1", f"http://x/{n}".encode()).replace(
        b"One", f"Partner {n} opens a youth centre".encode()
    )


def _config_and_store(tmp_path: Path, sources: Iterable[Source] | str, **fetch: object) -> tuple[Config, Store]:
    """A config of `sources` (mappings or YAML list lines) with these `fetch` settings added, on a new SQLite store."""
    config = make_config(tmp_path, sources, fetch={"allow_private_networks": True, **fetch})
    store = Store(config.database)
    store.create_schema()
    return config, store


def test_a_pass_stores_in_batches_and_a_refused_source_costs_only_itself(tmp_path: Path, monkeypatch) -> None:
    import aggregator.collect as collect
    import aggregator.store.story_rows as store_module

    # Batches of two sources, and the database refuses the items of source s3 (as it would an
    # over-long value on PostgreSQL): its batch-mate and the other batches are stored anyway.
    monkeypatch.setattr(collect, "STORE_BATCH_SOURCES", 2)
    save_items = store_module._save_items

    def refusing(conn, source_id, items, now):
        if source_id == "s3":
            raise ValueError("value too long for type character varying(100)")
        return save_items(conn, source_id, items, now)

    monkeypatch.setattr(store_module, "_save_items", refusing)
    with HostileServer({f"/feed{n}": body(_feed(n)) for n in range(6)}) as server:
        sources = "".join(f"  - {{id: s{n}, url: '{server.url(f'/feed{n}')}', type: feed}}\n" for n in range(6))
        config, store = _config_and_store(tmp_path, sources)
        report = asyncio.run(collect_pass(config, store, everything=True))
        monkeypatch.setattr(store_module, "_save_items", save_items)  # fixed: the next pass stores s3
        again = asyncio.run(collect_pass(config, store, everything=True))

    assert [r.source_id for r in report.reports] == [f"s{n}" for n in range(6)]  # the config's order
    by_id = {r.source_id: r for r in report.reports}
    assert all((by_id[f"s{n}"].outcome, by_id[f"s{n}"].new) == ("ok", 1) for n in (0, 1, 2, 4, 5))
    assert by_id["s3"].outcome == "error" and by_id["s3"].error_kind == "internal error"
    assert "storing failed: ValueError" in (by_id["s3"].error_message or "")
    # Failed means the body was not taken as seen: the next pass parses and stores it.
    assert {r.source_id: r.new for r in again.reports} == {f"s{n}": int(n == 3) for n in range(6)}
    assert len(store.latest_stories(100)) == 6
    store.close()


DISALLOW_PRIVATE = body(b"User-agent: *\nDisallow: /private/\n", "text/plain")


def _open_and_closed(tmp_path: Path, server: HostileServer) -> tuple[Config, Store]:
    """A source the robots.txt allows and one it disallows, on one host."""
    return _config_and_store(
        tmp_path,
        f"  - {{id: open, url: '{server.url('/feed')}', type: feed}}\n"
        f"  - {{id: closed, url: '{server.url('/private/feed')}', type: feed}}\n",
    )


def _pass_at(config: Config, store: Store, at: datetime) -> dict[str, str | None]:
    """One pass over every source with the clock at `at`: each source's error kind (None: ok)."""
    report: PassReport = asyncio.run(collect_pass(config, store, everything=True, now=lambda: at))
    return {r.source_id: r.error_kind for r in report.reports}


def test_robots_txt_is_read_once_a_day_across_passes(tmp_path: Path) -> None:
    routes = {"/robots.txt": DISALLOW_PRIVATE, "/feed": body(RSS), "/private/feed": body(RSS)}
    with HostileServer(routes) as server:  # type: ignore[arg-type]
        config, store = _open_and_closed(tmp_path, server)
        start = datetime.now(UTC)
        first = _pass_at(config, store, start)
        second = _pass_at(config, store, start + ROBOTS_TTL - timedelta(minutes=10))
        robots_reads_within_a_day = server.hits.count("/robots.txt")
        third = _pass_at(config, store, start + ROBOTS_TTL + timedelta(minutes=10))
        (stored,) = store.robots_files()
    assert first == second == third == {"open": None, "closed": "blocked by robots.txt"}
    assert robots_reads_within_a_day == 1  # the second pass used the stored file
    assert server.hits.count("/robots.txt") == 2  # older than a day: read again
    assert "/private/feed" not in server.hits  # the stored Disallow held
    assert server.hits.count("/feed") == 3
    assert (stored.status, stored.read_at) == (200, start + ROBOTS_TTL + timedelta(minutes=10))


def test_an_unavailable_robots_txt_is_tried_again_after_the_retry_time(tmp_path: Path) -> None:
    routes = {"/robots.txt": status(503), "/feed": body(RSS), "/private/feed": body(RSS)}
    with HostileServer(routes) as server:  # type: ignore[arg-type]
        config, store = _open_and_closed(tmp_path, server)
        start = datetime.now(UTC)
        first = _pass_at(config, store, start)
        (stored,) = store.robots_files()
        soon = _pass_at(config, store, start + ROBOTS_RETRY / 2)
        reads_before_retry = server.hits.count("/robots.txt")
        server.routes["/robots.txt"] = DISALLOW_PRIVATE  # the site is back
        later = _pass_at(config, store, start + ROBOTS_RETRY + timedelta(seconds=1))
    unavailable = {"open": "robots.txt unavailable", "closed": "robots.txt unavailable"}
    assert first == soon == unavailable
    # Kept as what it was, a 503 trusted only for the retry time, never as rules for a day.
    assert (stored.status, stored.text) == (503, "")
    assert not is_fresh(stored, start + ROBOTS_RETRY)
    assert reads_before_retry == 1
    assert server.hits.count("/robots.txt") == 2
    assert later == {"open": None, "closed": "blocked by robots.txt"}
    assert server.hits.count("/feed") == 1 and "/private/feed" not in server.hits


def test_hosts_take_turns_and_a_host_at_its_limit_is_passed_over() -> None:
    sources = [(host, parse_source(f"{host}{n}")) for host in ("a", "b") for n in range(3)] + [
        ("c", parse_source("c0"))
    ]
    turns = HostTurns(sources, limit={"a": 2, "b": 2, "c": 1}.__getitem__)
    taken = [turns.take() for _ in range(5)]
    assert [source.id for _, source in taken if source] == ["a0", "b0", "c0", "a1", "b1"]
    assert turns.take() is None  # a and b have two under way, c has nothing left
    turns.done("b")
    assert turns.take() == ("b", sources[5][1])
    turns.done("a")
    assert turns.take() == ("a", sources[2][1])
    assert turns.take() is None


def test_a_runner_finding_every_host_at_its_limit_waits_for_room_instead_of_ending() -> None:
    limits = {"a": 1}
    sources = [("a", parse_source(f"a{n}")) for n in range(3)]
    turns = HostTurns(sources, limit=limits.__getitem__)

    async def scenario() -> list[str]:
        assert turns.take() == sources[0]  # a's robots.txt being read: one at a time
        waiting = [asyncio.create_task(turns.next()) for _ in range(2)]
        await asyncio.sleep(0)
        assert not any(task.done() for task in waiting)  # waiting, not ended
        limits["a"] = 4  # robots.txt read: the limit rises
        turns.limits_changed()
        taken = [turn[1].id for turn in await asyncio.gather(*waiting) if turn]
        for _ in range(3):
            turns.done("a")
        assert await turns.next() is None  # nothing left: the runner ends
        return taken

    assert asyncio.run(scenario()) == ["a1", "a2"]


def parse_source(source_id: str):
    from aggregator.models import SourceConfig

    return SourceConfig(id=source_id, name=source_id, url=f"http://{source_id}.example/feed", type="feed")


def _timed(log: list[float], during_pass: list[int]) -> object:
    def route(handler) -> None:
        log.append(time.monotonic())
        during_pass.append(gc.get_freeze_count())
        send(handler, 200, RSS, {"Content-Type": "application/rss+xml"})

    return route


def test_a_host_with_a_crawl_delay_does_not_hold_up_the_other_hosts(tmp_path: Path) -> None:
    # Three runners' worth of the slow host's sources come first in the config; one request
    # slot (two runners). Had the runners taken sources in config order, both would wait out the
    # slow host's Crawl-delay while the quick host's sources waited behind them.
    slow_times: list[float] = []
    quick_times: list[float] = []
    frozen: list[int] = []
    slow_routes = {"/robots.txt": body(b"User-agent: *\nCrawl-delay: 1\n", "text/plain")}
    slow_routes |= {f"/feed{n}": _timed(slow_times, frozen) for n in range(3)}
    with (
        HostileServer(slow_routes) as slow,
        HostileServer({f"/feed{n}": _timed(quick_times, frozen) for n in range(4)}) as quick,
    ):  # type: ignore[arg-type]
        listed = [("slow", slow, n) for n in range(3)] + [("quick", quick, n) for n in range(4)]
        sources = "".join(
            f"  - {{id: {name}{n}, url: '{server.url(f'/feed{n}')}', type: feed}}\n" for name, server, n in listed
        )
        config, store = _config_and_store(tmp_path, sources, concurrency=1)
        report = asyncio.run(collect_pass(config, store, everything=True))
    assert [r.outcome for r in report.reports] == ["ok"] * 7
    assert len(slow_times) == 3 and len(quick_times) == 4
    # The Crawl-delay held: we space our requests a second apart; the server's clock sees them
    # arrive with whatever lag a loaded machine adds to each, so only "clearly waited" is asserted.
    assert slow_times[1] - slow_times[0] >= 0.5
    assert max(quick_times) < slow_times[1]  # every quick source went while the slow host waited
    # The collector left the objects made before the pass alone during it, and has them back.
    assert min(frozen) > 0 and gc.get_freeze_count() == 0
