"""A partner web of syndication for the many-workers race (issue 22): `SOURCES` RSS feeds carrying
`STORIES` posts between them, each post in four feeds: two under the post's own address (an exact
address collision) and two under the carrier's own address with the same words (a near-duplicate).
Posts are made of different words, so no two are one story."""

from __future__ import annotations

import random

SOURCES = 100
STORIES = 50

_WORDS = [
    "court",
    "lawyer",
    "village",
    "water",
    "school",
    "women",
    "shelter",
    "trial",
    "monitoring",
    "report",
    "council",
    "district",
    "teacher",
    "student",
    "election",
    "journalist",
    "press",
    "freedom",
    "health",
    "clinic",
    "doctor",
    "nurse",
    "farmer",
    "harvest",
    "border",
    "river",
    "mountain",
    "road",
    "bridge",
    "market",
    "trader",
    "union",
    "worker",
    "salary",
    "pension",
    "budget",
    "ministry",
    "ombudsman",
    "complaint",
    "torture",
    "detention",
    "prison",
    "guard",
    "visit",
    "family",
    "child",
    "orphan",
    "disability",
    "access",
    "ramp",
    "library",
    "museum",
    "festival",
    "theatre",
    "music",
    "film",
    "camp",
    "youth",
    "volunteer",
    "training",
    "seminar",
    "workshop",
    "network",
    "partner",
    "donor",
    "grant",
    "project",
    "evaluation",
    "survey",
    "census",
    "language",
    "minority",
    "rights",
    "equality",
    "violence",
    "police",
    "witness",
    "hearing",
    "appeal",
    "verdict",
    "sentence",
    "release",
    "petition",
    "protest",
    "rally",
    "march",
    "letter",
    "statement",
    "campaign",
    "climate",
    "drought",
    "flood",
    "snow",
    "winter",
    "heating",
    "coal",
    "electricity",
    "gas",
    "price",
    "bread",
    "flour",
    "sugar",
]


def story_words(story: int) -> tuple[str, str]:
    """The headline and excerpt of post `story`: the same every time, unlike any other post's."""
    pick = random.Random(f"story-{story}")
    title = " ".join(pick.sample(_WORDS, 7)).capitalize() + f" in district {story}"
    summary = " ".join(pick.choice(_WORDS) for _ in range(45)).capitalize() + "."
    return title, summary


def carried_by(source: int) -> tuple[int, int]:
    """The two posts source `source` carries: each post ends up in four sources."""
    return source % STORIES, (source + STORIES // 2) % STORIES


def post_link(story: int, source: int, site: str) -> str:
    """Even sources link to the post's own address, odd ones to a copy on their own."""
    return f"{site}/post/{story}" if source % 2 == 0 else f"{site}/s{source}/copy-of-{story}"


def feed(source: int, site: str) -> bytes:
    items = []
    for story in carried_by(source):
        title, summary = story_words(story)
        items.append(
            f"<item><guid>{site}/s{source}/{story}</guid><title>{title}</title>"
            f"<link>{post_link(story, source, site)}</link><pubDate>Mon, 30 Nov 2026 10:00:00 +0600</pubDate>"
            f"<description>{summary}</description></item>"
        )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Source {source}</title><language>en</language>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def racing_order() -> list[int]:
    """The sources in fours that carry the same posts (n, n+25, n+50, n+75): taken in this order by
    four writers at once, every post's copies are stored at the same moment."""
    quarter = SOURCES // 4
    return [start + quarter * k for start in range(quarter) for k in range(4)]
