"""A simulated partner web for benchmarks: many RSS feeds behind many loopback hosts, each
response delayed 50-200 ms, with ETags so a second pass gets 304s.

It runs in a child process, so its CPU time is not counted as the aggregator's. Hosts are
127.0.1.1, 127.0.1.2, ... (all loopback on Linux; 254 to a /24, then 127.0.2.1, ...), so
per-host politeness applies as it would on the real web.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aggregator.config import load_config
from aggregator.models import Config

ITEM = """<item><title>{title}</title>
<link>http://{host}/feed/{feed}/post/{n}/</link><guid isPermaLink="false">feed-{feed}-post-{n}</guid>
<pubDate>{date}</pubDate><dc:creator>Author {n}</dc:creator>
<description>{opening} Post {n} of feed {feed}, as a partner's WordPress excerpt would read. [&#8230;]</description>
<content:encoded><![CDATA[<p>Participants from Kyrgyzstan, Kazakhstan and Sweden met in Osh for three days.</p>
<p>They discussed how young people can take part in local decision making, how to document violations of
their rights, and how to build networks of youth organisations across Central Asia and Europe.</p>
<p>The meeting was part of a two-year project on human rights education in southern Kyrgyzstan, with
trainings of trainers, mini projects in villages and a summer camp. Post {n} of feed {feed}.</p>]]></content:encoded>
</item>
"""


# The templated web (`texts="templated"`): press releases from one template, in a vocabulary
# of ~80 words. A headline is one of 192 ("Volunteers hold a workshop on water in Naryn"), so
# every post shares its title key with ~100 others; its text is a lead giving a count and a
# date, then two of six boilerplate sentences, so hundreds of posts have fingerprints within a
# few bits. Each is its own story (another count, another date): the hard case for near-duplicate
# detection, where every new post has many close-but-different candidates to rule out.
TEMPLATE_WHO = ("Volunteers", "Students", "Lawyers", "Teachers")
TEMPLATE_EVENT = ("hold a workshop", "meet", "start a training")
TEMPLATE_TOPIC = ("water", "school fees", "youth rights", "women's rights")
TEMPLATE_PLACE = ("Osh", "Naryn", "Talas", "Batken")
TEMPLATE_MONTH = ("March", "April", "May", "June")
BOILERPLATE = (
    "The project is supported by local partners and runs for two years.",
    "All participants received a handbook and a certificate at the end.",
    "The next meeting will be open to parents and local officials.",
    "Trainers from the capital explained the law and answered questions.",
    "Local media reported on the event and the group shared photos online.",
    "The organisers thank the district council for the room and the tea.",
)


def _templated(feed: int, n: int, rng: random.Random) -> tuple[str, str]:
    who, event, topic, place = (
        rng.choice(TEMPLATE_WHO), rng.choice(TEMPLATE_EVENT), rng.choice(TEMPLATE_TOPIC), rng.choice(TEMPLATE_PLACE)
    )  # fmt: skip
    title = f"{who} {event} on {topic} in {place}"
    lead = (
        f"On {1 + (feed + n) % 28} {TEMPLATE_MONTH[(feed + n) % 4]}, {10 + (feed * 7 + n) % 80} {who.lower()} "
        f"from {place} came together on {topic}."
    )
    return title, " ".join([lead, *rng.sample(BOILERPLATE, 2)])


# The varied web (the default): sentences put together from these parts (810,000 ways) so
# that posts differ in their openings as different partners' news do.
WHO = (
    "Young activists", "Students", "Women's groups", "Lawyers", "Local journalists", "Teachers", "Volunteers",
    "Human rights defenders", "Parents", "Farmers", "Youth workers", "Doctors", "Artists", "Librarians",
    "Village councils", "Disability groups", "Migrant workers", "Election observers", "Ecologists", "Pensioners",
    "School pupils", "Theatre groups", "Radio hosts", "Trade unionists", "Social workers", "Bloggers",
    "Students of law", "Trainers", "Mothers of conscripts", "Football clubs",
)  # fmt: skip
DID = (
    "met officials to discuss", "published a report on", "held a workshop about", "collected signatures against",
    "filmed a documentary about", "organised a march for", "wrote an open letter on", "ran a survey of",
    "opened a help line for", "presented a petition about", "started a campaign on", "trained volunteers in",
    "held a press conference on", "launched a website about", "visited prisons to check", "debated with deputies on",
    "gathered testimonies about", "staged a play about", "set up a fund for", "asked the ombudsman about",
    "monitored court hearings on", "painted murals about", "held an online lecture on", "mapped cases of",
    "translated a guide to", "recorded a podcast on", "planted trees to mark", "hosted a summer camp on",
    "compared budgets for", "reported to the United Nations on",
)  # fmt: skip
WHAT = (
    "water shortages", "domestic violence", "bride kidnapping", "school fees", "labour rights", "press freedom",
    "police abuse", "air pollution in winter", "access to clinics", "pensions", "mountain roads",
    "the new media law", "torture in detention", "child marriage", "the rights of disabled people", "land disputes",
    "election fraud", "language rights", "the closing of NGOs", "internet shutdowns", "coal heating",
    "minimum wages", "the rights of migrants", "forced labour in cotton fields", "youth unemployment",
    "corruption in hospitals", "mining pollution", "border conflicts", "juvenile justice", "hate speech online",
)  # fmt: skip
WHERE = (
    "in Osh", "in Bishkek", "in Almaty", "in Astana", "in Tashkent", "in Samarkand", "in Dushanbe", "in Khujand",
    "in Karakol", "in Naryn", "in Jalal-Abad", "in Batken", "in Talas", "in Shymkent", "in Karaganda",
    "in Nukus", "in Fergana", "in Khorog", "in Kulob", "in Aktobe", "in Pavlodar", "in Semey", "in Bukhara",
    "in Namangan", "in Andijan", "in Tokmok", "in Balykchy", "in Kyzylorda", "in Taraz", "in Termez",
)  # fmt: skip


def _varied_text(rng: random.Random) -> str:
    return " ".join(f"{rng.choice(WHO)} {rng.choice(DID)} {rng.choice(WHAT)} {rng.choice(WHERE)}." for _ in range(3))


def post_text(feed: int, n: int, texts: str) -> tuple[str, str]:
    """The title and the opening of the text of post `n` of `feed`, the same on every call."""
    rng = random.Random(feed * 1000 + n)
    if texts == "varied":
        return f"Feed {feed} post {n}: youth workers meet in Osh", _varied_text(rng)
    return _templated(feed, n, rng)


def feed_body(feed: int, host: str, items: int = 20, texts: str = "varied") -> bytes:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=feed)
    entries = "".join(
        ITEM.format(
            feed=feed, n=n, host=host, date=format_datetime(start - timedelta(days=n)), title=title, opening=text
        )
        for n, (title, text) in enumerate(post_text(feed, n, texts) for n in range(items))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Partner {feed}</title><link>http://{host}/</link><description>News</description>"
        f"<language>en</language>{entries}</channel></rss>"
    ).encode()


HTML_EVERY = 20  # one source in twenty is an HTML news page

ARTICLE = """<article>
<h2><a href="http://{host}/page/{page}/post/{n}/">{title}</a></h2>
<time datetime="{date}">{date}</time>
<p>{opening} Item {n} of page {page}.</p></article>
"""


def _page_post(page: int, n: int, texts: str) -> tuple[str, str]:
    title, text = post_text(page, n, texts)
    return (f"Page {page} news {n}: a human rights camp in Osh" if texts == "varied" else title), text


def page_body(page: int, host: str, items: int = 20, texts: str = "varied") -> bytes:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=page)
    articles = "".join(
        ARTICLE.format(
            page=page, n=n, host=host, date=(start - timedelta(days=n)).isoformat(), title=title, opening=text
        )
        for n, (title, text) in enumerate(_page_post(page, n, texts) for n in range(items))
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Partner {page} news</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><main>{articles}</main><footer>Partner {page}</footer></body></html>"
    ).encode()


@dataclass(frozen=True)
class SimWeb:
    hosts: int
    port: int
    texts: str = "varied"  # or "templated": see BOILERPLATE
    min_delay: float = 0.05
    max_delay: float = 0.2

    def host(self, feed: int) -> str:
        return f"{_address(feed % self.hosts)}:{self.port}"

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host(feed)}/feed/{feed}"

    def page_url(self, page: int) -> str:
        return f"http://{self.host(page)}/page/{page}"

    @property
    def mean_delay(self) -> float:
        return (self.min_delay + self.max_delay) / 2


def _address(host: int) -> str:
    """The loopback address of host number `host`: 127.0.1.1 to 127.0.1.254, then 127.0.2.1..."""
    return f"127.0.{1 + host // 254}.{host % 254 + 1}"


async def _serve(web: SimWeb, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    cache: dict[tuple[str, int], bytes] = {}

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

    hosts = [_address(n) for n in range(web.hosts)]
    server = await asyncio.start_server(handle, hosts, web.port, backlog=4096)
    ready.set()
    async with server:
        await server.serve_forever()


def _response(path: str, headers: dict[str, str], cache: dict[tuple[str, int], bytes], web: SimWeb) -> bytes:
    content_type = "application/rss+xml"
    if path == "/robots.txt":
        body, etag, status = b"User-agent: *\nAllow: /\n", '"robots"', "200 OK"
    elif path.startswith(("/feed/", "/page/")):
        kind, number = path.split("/")[1], int(path.split("/")[2])
        if (kind, number) not in cache:
            make_body = feed_body if kind == "feed" else page_body
            cache[kind, number] = make_body(number, web.host(number), texts=web.texts)
        body, etag, status = cache[kind, number], f'"{kind}{number}"', "200 OK"
        if kind == "page":
            content_type = "text/html; charset=utf-8"
        if headers.get("if-none-match") == etag:
            return f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode()
    else:
        body, etag, status = b"not found", '"404"', "404 Not Found"
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nETag: {etag}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _run(web: SimWeb, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    asyncio.run(_serve(web, ready))


def write_config(directory: Path, web: SimWeb, count: int, concurrency: int, database: str) -> Config:
    """A config collecting `count` of this web's sources (one in HTML_EVERY an HTML news page scraped
    with selectors), written into `directory`."""
    per_host = max(2, concurrency // web.hosts)
    lines = [
        "title: Bench", "link: https://news.example.org/", f"database: {database}", "output_dir: public",
        f"fetch: {{allow_private_networks: true, concurrency: {concurrency}, per_host: {per_host}}}", "sources:",
    ]  # fmt: skip
    for n in range(count):
        if n % HTML_EVERY == 0:
            lines.append(
                f"  - {{id: s{n}, url: '{web.page_url(n)}', type: html, languages: [en], "
                "select: {item: article, title: h2, link: h2 a, excerpt: p, date: time}}"
            )
        else:
            lines.append(f"  - {{id: s{n}, url: '{web.feed_url(n)}', type: feed, languages: [en]}}")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(path)


class SimWebProcess:
    """Start the simulated web in a child process; a context manager."""

    def __init__(self, hosts: int = 50, port: int = 18080, texts: str = "varied") -> None:
        self.web = SimWeb(hosts=hosts, port=port, texts=texts)
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
