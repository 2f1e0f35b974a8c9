"""A simulated partner web for benchmarks: many RSS feeds behind many loopback hosts, each
response delayed 50-200 ms, with ETags so a second pass gets 304s.

It runs in a child process, so its CPU time is not counted as the aggregator's. Hosts are
127.0.1.1 ... 127.0.1.H (all loopback on Linux), so per-host politeness applies as it would
on the real web.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

ITEM = """<item><title>Feed {feed} post {n}: youth workers meet in Osh</title>
<link>http://{host}/feed/{feed}/post/{n}/</link><guid isPermaLink="false">feed-{feed}-post-{n}</guid>
<pubDate>{date}</pubDate><dc:creator>Author {n}</dc:creator>
<description>Participants from Kyrgyzstan, Kazakhstan and Sweden discussed how young people can take part
in local decision making, defend their rights and build networks across the region. Post {n} of feed {feed},
with enough text to look like a real excerpt of a partner's WordPress blog post. [&#8230;]</description></item>
"""


def feed_body(feed: int, host: str, items: int = 20) -> bytes:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=feed)
    entries = "".join(
        ITEM.format(feed=feed, n=n, host=host, date=format_datetime(start - timedelta(days=n))) for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Partner {feed}</title><link>http://{host}/</link><description>News</description>"
        f"<language>en</language>{entries}</channel></rss>"
    ).encode()


@dataclass(frozen=True)
class SimWeb:
    hosts: int
    port: int
    min_delay: float = 0.05
    max_delay: float = 0.2

    def host(self, feed: int) -> str:
        return f"127.0.1.{feed % self.hosts + 1}:{self.port}"

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host(feed)}/feed/{feed}"

    @property
    def mean_delay(self) -> float:
        return (self.min_delay + self.max_delay) / 2


async def _serve(web: SimWeb, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    cache: dict[int, bytes] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                lines = request.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                await asyncio.sleep(random.uniform(web.min_delay, web.max_delay))
                writer.write(_response(path, headers, cache, web))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    hosts = [f"127.0.1.{n + 1}" for n in range(web.hosts)]
    server = await asyncio.start_server(handle, hosts, web.port, backlog=4096)
    ready.set()
    async with server:
        await server.serve_forever()


def _response(path: str, headers: dict[str, str], cache: dict[int, bytes], web: SimWeb) -> bytes:
    if path == "/robots.txt":
        body, etag, status = b"User-agent: *\nAllow: /\n", '"robots"', "200 OK"
    elif path.startswith("/feed/"):
        feed = int(path.split("/")[2])
        if feed not in cache:
            cache[feed] = feed_body(feed, web.host(feed))
        body, etag, status = cache[feed], f'"{feed}"', "200 OK"
        if headers.get("if-none-match") == etag:
            return f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode()
    else:
        body, etag, status = b"not found", '"404"', "404 Not Found"
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _run(web: SimWeb, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    asyncio.run(_serve(web, ready))


class SimWebProcess:
    """Start the simulated web in a child process; a context manager."""

    def __init__(self, hosts: int = 50, port: int = 18080) -> None:
        self.web = SimWeb(hosts=hosts, port=port)
        self._ready = multiprocessing.Event()
        self._process = multiprocessing.Process(target=_run, args=(self.web, self._ready), daemon=True)

    def __enter__(self) -> SimWeb:
        self._process.start()
        if not self._ready.wait(10):
            raise RuntimeError("simulated web did not start")
        return self.web

    def __exit__(self, *exc_info: object) -> None:
        self._process.terminate()
        self._process.join(5)
