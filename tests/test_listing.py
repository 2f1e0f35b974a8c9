"""aggregator.parse.listing.find_items: fixture listing pages against their expected items, and
inline pages for one behaviour each."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from aggregator.extract import parse_date
from aggregator.parse.listing import find_items

LISTINGS = Path(__file__).resolve().parent.parent / "fixtures" / "listings"
BASE = "https://partner.example.org/news/"


def expected(name: str) -> dict[str, Any]:
    return json.loads((LISTINGS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(path.stem for path in LISTINGS.glob("*.json")))
def test_fixture_listing(name: str) -> None:
    spec = expected(name)
    entries = find_items((LISTINGS / f"{name}.html").read_text(encoding="utf-8"), spec["base_url"])
    assert [(e.link, e.title) for e in entries] == [(i["link"], i["title"]) for i in spec["items"]]
    for entry, item in zip(entries, spec["items"], strict=True):
        assert entry.author == item["author"], entry.title
        published = parse_date(entry.published_text, spec["languages"])
        assert published is not None, entry.title
        if len(item["date"]) == 10:  # the page shows the day only
            assert published.date() == date.fromisoformat(item["date"]), entry.title
        else:
            assert published == datetime.fromisoformat(item["date"]), entry.title
        assert entry.guid == entry.link


def page(body: str) -> str:
    return f"<html><body><main>{body}</main></body></html>"


def articles(count: int, template: str) -> str:
    return "".join(template.format(n=n) for n in range(1, count + 1))


CARD = '<div class="c"><h3><a href="/n/{n}">Partner news number {n}</a></h3><p>Excerpt of the story {n} here.</p></div>'


@pytest.mark.parametrize(
    ("html", "links"),
    [
        pytest.param(page(articles(3, CARD)), ["/n/1", "/n/2", "/n/3"], id="three-blocks-enough"),
        pytest.param(page(articles(2, CARD)), [], id="two-blocks-too-few"),
        pytest.param(
            page(articles(3, '<div><h3><a href="/n/{n}">Story {n} title</a></h3><a href="/n/{n}">Read more</a></div>')),
            ["/n/1", "/n/2", "/n/3"],
            id="read-more-duplicate-counted-once",
        ),
        pytest.param(
            page(articles(3, '<h2><a href="/n/{n}">Flat story {n}</a></h2><p>Its excerpt, long enough to count.</p>')),
            ["/n/1", "/n/2", "/n/3"],
            id="flat-headings-own-following-paragraphs",
        ),
        pytest.param(page(articles(4, '<li><a href="/n/{n}">Link {n}</a></li>')), [], id="bare-link-list-not-news"),
        pytest.param(
            page(articles(4, '<li>5 May 2019 <a href="/n/{n}">Story {n}</a></li>')),
            ["/n/1", "/n/2", "/n/3", "/n/4"],
            id="dated-link-list-is-news",
        ),
        pytest.param("<html><body><nav>" + articles(4, CARD) + "</nav></body></html>", [], id="inside-nav-ignored"),
        pytest.param(
            page('<div class="widget_recent_entries">' + articles(4, CARD) + "</div>"), [], id="widget-ignored"
        ),
        pytest.param(
            page(articles(3, '<div><h3><a href="/tag/{n}">Tag {n} name here</a></h3><p>Some text about it.</p></div>')),
            [],
            id="taxonomy-links-not-articles",
        ),
        pytest.param(
            page(articles(3, '<div><h3><a href="?page={n}">Page {n} of the news</a></h3><p>Some text here.</p></div>')),
            [],
            id="pagination-links-not-articles",
        ),
        pytest.param(
            "<html><head><base href='https://cdn.example.org/site/'></head><body>"
            + articles(3, '<div><h3><a href="n/{n}">Story {n} title</a></h3><p>Excerpt of it here.</p></div>')
            + "</body></html>",
            [
                "https://cdn.example.org/site/n/1",
                "https://cdn.example.org/site/n/2",
                "https://cdn.example.org/site/n/3",
            ],
            id="base-href-respected",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("<p>just text", [], id="no-links"),
    ],
)
def test_find_items(html: str, links: list[str]) -> None:
    found = [entry.link for entry in find_items(html, BASE)]
    assert found == [link if link.startswith("http") else f"https://partner.example.org{link}" for link in links]


def test_block_fields() -> None:
    html = page(
        articles(
            3,
            '<article><h2><a href="/n/{n}">Story {n} title</a></h2>'
            '<time datetime="2024-03-0{n}T10:00:00+06:00">{n} March</time>'
            '<span class="byline">By Anna Ivanova</span><p>Excerpt of the <b>story</b> {n}.</p></article>',
        )
    )
    entry = find_items(html, BASE)[0]
    assert entry.title == "Story 1 title"
    assert entry.published_text == "2024-03-01T10:00:00+06:00"
    assert entry.author == "Anna Ivanova"
    assert entry.summary == "Excerpt of the <b>story</b> 1."


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="none"),
        pytest.param(b"<html>", id="bytes"),
        pytest.param("<<<>>>\x00" * 100, id="junk"),
        pytest.param("<a href='http://[bad'>x</a>" * 5, id="bad-url"),
    ],
)
def test_never_raises(bad: Any) -> None:
    assert find_items(bad, BASE) == []
