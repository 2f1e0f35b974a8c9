"""A pass over many sources on one host keeps the host's per-host limit of requests under way,
from the moment its robots.txt is known: on a first pass (robots.txt read during the pass), on a
later one (stored robots.txt, every feed answering 304) and once the stored robots.txt expired."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from aggregator.collect import collect_pass
from aggregator.fetch.politeness import ROBOTS_TTL
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import HostileServer, send

SOURCES = 200
PER_HOST = 10
# Long enough that the requests of one wave overlap even on a loaded machine; the test asserts
# how many overlapped, never how long anything took.
ANSWER_DELAY = 0.1


class InFlight:
    """Counts the requests the server is answering at once and the most seen. A request counts
    from its arrival until just before its answer is sent, so the count never exceeds what the
    client had under way (the client's next request can only follow an answer it has read)."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def answered(self, respond) -> object:
        def route(handler: BaseHTTPRequestHandler) -> None:
            with self._lock:
                self.now += 1
                self.most = max(self.most, self.now)
            time.sleep(ANSWER_DELAY)
            with self._lock:
                self.now -= 1
            respond(handler)

        return route

    def restart(self) -> None:
        with self._lock:
            self.most = 0


def _feed(n: int):
    rss = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog {n}</title>'
        f"<link>http://blogs.example/{n}/</link><item><title>Blog {n} reports on a school in village {n}</title>"
        f"<link>http://blogs.example/{n}/1</link></item></channel></rss>"
    ).encode()
    etag = f'"feed{n}"'

    def respond(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            send(handler, 304, headers={"ETag": etag})
        else:
            send(handler, 200, rss, {"ETag": etag, "Content-Type": "application/rss+xml"})

    return respond


def _robots(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})


def test_sources_on_one_host_go_per_host_at_a_time_cold_warm_and_when_robots_expire(tmp_path: Path) -> None:
    counter = InFlight()
    routes = {"/robots.txt": counter.answered(_robots)}
    routes |= {f"/blog{n}/feed": counter.answered(_feed(n)) for n in range(SOURCES)}
    with HostileServer(routes) as server:  # type: ignore[arg-type]
        sources = [{"id": f"b{n}", "url": server.url(f"/blog{n}/feed"), "type": "feed"} for n in range(SOURCES)]
        fetch = {"allow_private_networks": True, "concurrency": 2 * PER_HOST, "per_host": PER_HOST}
        config = make_config(tmp_path, sources, fetch=fetch)
        store = Store(config.database)
        store.create_schema()
        start = datetime.now(UTC)
        seen = {}
        for name, at in [("cold", start), ("warm", start + timedelta(hours=1)), ("robots expired", start + ROBOTS_TTL)]:
            counter.restart()
            report = asyncio.run(collect_pass(config, store, everything=True, now=lambda at=at: at))
            seen[name] = (counter.most, {r.outcome for r in report.reports}, len(report.reports))
        store.close()
    assert seen == {
        "cold": (PER_HOST, {"ok"}, SOURCES),
        "warm": (PER_HOST, {"not_modified"}, SOURCES),
        "robots expired": (PER_HOST, {"not_modified"}, SOURCES),
    }
    assert server.hits.count("/robots.txt") == 2  # read at first, and again once a day old
    assert len(server.hits) == 3 * SOURCES + 2
