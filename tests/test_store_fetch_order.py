"""Which sighting is the story (issue 22): the same partner web collected in any order, one source
per pass, publishes the same files. A partner's feed (precise dates, author, short excerpts), the
same posts on its HTML news page (day-only dates, full excerpts) and a regional digest reposting
them a day later (one under the partner's link, one under its own with a "Repost:" headline)."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import aggregator.pipeline
from aggregator.collect import collect_pass
from aggregator.pipeline import publish_outputs
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import HostileServer, body

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)

POSTS = [
    ("school", "Trial monitoring school opens in Osh",
     "Young lawyers from the southern regions gathered in Osh for a two-week school on monitoring trials, where "
     "practising advocates taught them how to record hearings, spot violations of fair-trial rights and write "
     "reports that courts and ministries cannot ignore."),
    ("water", "Villagers in Batken win the right to clean water",
     "After three years of complaints, residents of four villages near Batken persuaded the district council to "
     "repair the water pipeline, and the local human rights group that helped them will now watch how the money "
     "is spent until the work is finished."),
    ("shelter", "A new shelter for women opens in Karakol",
     "A crisis centre for women who flee violence at home opened in Karakol this week with twelve beds, a lawyer "
     "on call and a psychologist, paid for by the town and a group of local businesses."),
]  # fmt: skip


def _cut(text: str, length: int) -> str:
    return text[:length].rsplit(" ", 1)[0] + " …"


def partner_feed(site: str) -> bytes:
    entries = "".join(
        f"<entry><id>{site}/news/{slug}</id><title>{title}</title><link href='{site}/news/{slug}'/>"
        f"<published>2026-11-{28 + n}T10:{n}5:00+06:00</published><updated>2026-11-{28 + n}T10:{n}5:00+06:00</updated>"
        f"<author><name>Bir Duino</name></author><summary>{_cut(text, 120)}</summary></entry>"
        for n, (slug, title, text) in enumerate(POSTS)
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en'>"
            f"<title>Partner</title><id>{site}/</id><updated>2026-11-30T10:00:00Z</updated>{entries}</feed>").encode()  # fmt: skip


def partner_page(site: str) -> bytes:
    posts = "".join(
        f"<div class='post'><h2><a href='/news/{slug}'>{title}</a></h2><span class='date'>2026-11-{28 + n}</span>"
        f"<p>{text}</p></div>"
        for n, (slug, title, text) in enumerate(POSTS)
    )
    return f"<html lang='en'><head><title>News</title></head><body>{posts}</body></html>".encode()


def digest_feed(site: str, partner: str) -> bytes:
    # The first post reposted under the partner's own link, the second under the digest's with a
    # headline of its own; dated the day after, by the digest.
    items = []
    for n, (slug, title, text) in enumerate(POSTS[:2]):
        link = f"{partner}/news/{slug}" if n == 0 else f"{site}/repost/{slug}"
        items.append(
            f"<item><guid>{site}/d/{slug}</guid><title>Repost: {title}</title><link>{link}</link>"
            f"<pubDate>{29 + n} Nov 2026 15:30:00 +0500</pubDate><author>digest@example.org (Regional Digest)</author>"
            f"<description>{_cut(text, 160)}</description></item>"
        )
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Digest</title><link>{site}/</link>"
            f"<language>en</language>{''.join(items)}</channel></rss>").encode()  # fmt: skip


SELECT = {"item": "div.post", "title": "h2", "link": "h2 a", "excerpt": "p", "date": "span.date"}


def collect_in_order(folder: Path, order: tuple[str, ...], urls: dict[str, str], monkeypatch) -> dict[str, bytes]:
    sources = [
        {"id": "partner-feed", "name": "Bir Duino", "url": urls["partner-feed"], "type": "feed"},
        {"id": "partner-page", "name": "Bir Duino news", "url": urls["partner-page"], "type": "html",
         "select": SELECT},
        {"id": "digest", "name": "Regional Digest", "url": urls["digest"], "type": "feed"},
    ]  # fmt: skip
    folder.mkdir()
    config = make_config(folder, sources, output_dir=str(folder / "public"))
    store = Store(config.database)
    store.create_schema()
    first_ids: dict[str, str] = {}
    for source_id in order:
        asyncio.run(collect_pass(config, store, only=[source_id], everything=True, now=lambda: NOW))
        for story in store.latest_stories(50):
            first_ids.setdefault(story.title.removeprefix("Repost: "), story.id)
    stories = store.latest_stories(50)
    # Updated in place: every story keeps the id it had when first stored, whichever sighting came first.
    assert {s.title: s.id for s in stories} == {title: first_ids[title] for title in (s.title for s in stories)}
    monkeypatch.setattr(aggregator.pipeline, "utc_now", lambda: NOW)
    publish_outputs(config, store)
    store.close()
    public = folder / "public"
    return {name: (public / name).read_bytes() for name in ("feed.json", "feed.atom")}


def without_ids(files: dict[str, bytes]) -> dict[str, bytes]:
    """Story ids name each story by its first-fetched address (stable forever, so they differ by
    order): each is replaced by the story's link, the rest must be the same bytes."""
    items = json.loads(files["feed.json"])["items"]
    names = {item["id"]: item["url"] for item in items}
    pattern = re.compile("|".join(re.escape(story_id) for story_id in names))
    return {
        name: pattern.sub(lambda m: "story:" + names[m.group(0)], data.decode()).encode()
        for name, data in files.items()
    }


def test_the_published_files_do_not_depend_on_fetch_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    routes: dict = {}
    with HostileServer(routes) as partner, HostileServer({}) as digest:
        site, digest_site = partner.url("").rstrip("/"), digest.url("").rstrip("/")
        routes["/feed.atom"] = body(partner_feed(site), "application/atom+xml")
        routes["/news"] = body(partner_page(site), "text/html; charset=utf-8")
        digest.routes["/rss"] = body(digest_feed(digest_site, site))
        urls = {"partner-feed": partner.url("/feed.atom"), "partner-page": partner.url("/news"),
                "digest": digest.url("/rss")}  # fmt: skip
        published = {
            order: collect_in_order(tmp_path / "-".join(order), order, urls, monkeypatch)
            for order in itertools.permutations(urls)
        }

    reference = without_ids(published[("partner-feed", "partner-page", "digest")])
    for order, files in published.items():
        assert without_ids(files) == reference, f"order {order} published other files"

    items = json.loads(published[("digest", "partner-page", "partner-feed")]["feed.json"])["items"]
    assert len(items) == len(POSTS), [item["title"] for item in items]  # each post once
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {title for _, title, _ in POSTS}  # the partner's headlines, not the reposts
    for n, (slug, title, text) in enumerate(POSTS):
        item = by_title[title]
        assert item["url"] == f"{site}/news/{slug}"
        # The feed's precise date, not the page's day-only one nor the digest's later one.
        assert item["date_published"] == f"2026-11-{28 + n}T04:{n}5:00+00:00"
        assert [author["name"] for author in item["authors"]] == ["Bir Duino"]
        # The page's full excerpt of the same text over the feed's cut one.
        assert item["content_text"].endswith(text[-20:]), item["content_text"]
