"""Deduplication and publishing against a large store.

    python -m bench.scale [--count 1000000] [--postgres URL]

1. Fill a fresh database with COUNT distinct stories (bench.synthetic.load_synthetic: random fingerprints,
   the same number of index rows as real stories) plus 1,000 real-looking stories.
2. Store a new batch of 1,000 items through the normal path (record_collection: guid and URL
   lookups, the near-duplicate index, same_story, language versions, inserts): 200 of them are
   another partner's copies of the real stories (new address, shorter excerpt, "Repost:"), 800
   are new. Reported: the time for the batch, and how many copies were recognised.
3. Publish the newest 100 items of every feed from that database (pipeline.publish_outputs).

Prints a table and one JSON line per database (SQLite always; PostgreSQL with --postgres).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.config import parse_config
from aggregator.models import FetchResult, Item, SourceConfig
from aggregator.pipeline import publish_outputs
from aggregator.store import Store
from bench.postgres import fresh_postgres
from bench.synthetic import load_synthetic

PLACES = ["Osh", "Bishkek", "Almaty", "Dushanbe", "Tashkent", "Naryn", "Jalal-Abad", "Khujand", "Karakol", "Shymkent"]
TOPICS = [
    "human rights camp",
    "gender equality training",
    "youth forum",
    "trial monitoring school",
    "media literacy course",
]
NOW = datetime(2026, 6, 1, tzinfo=UTC)


SENTENCES = [
    "Young people from villages around {place} learned how to document violations of their rights.",
    "The trainers came from {other} and had run similar courses for five years.",
    "Local authorities were invited to the last day and two deputies came.",
    "Participants planned small projects for their own schools and youth centres.",
    "A theatre group showed scenes about bride kidnapping and early marriage.",
    "Lawyers explained how to file a complaint and what the courts require.",
    "The camp ended with a football match between participants and trainers.",
    "Several girls said it was the first time they spoke in public.",
    "Journalists from {other} recorded interviews for a radio programme.",
    "The project is supported by partners in Sweden and Poland.",
    "Next year the organisers want to reach schools in mountain districts.",
    "Parents were sceptical at first but many came to the final presentation.",
    "A monitoring group will visit the district court every week this autumn.",
    "The new law on non-commercial organisations was discussed at length.",
    "Participants wrote an open letter to the mayor about street lighting.",
    "Volunteers translated the handbook into Kyrgyz, Uzbek and Russian.",
    "Three former participants now lead trainings of their own.",
    "The meeting in {place} was the largest the network has held so far.",
    "Organisers thanked the school in {place} for hosting the group.",
    "Photos from the week are on the partner's social media pages.",
]
WORDS = ["camp", "forum", "training", "school", "seminar", "round table", "festival", "course", "meeting", "exchange"]


def real_item(n: int, source: str, *, copy: bool = False) -> Item:
    """A post with its own text (three of twenty sentences, its own places and numbers); a copy is
    another partner's repost of post n: new address, "Repost:" title, excerpt cut shorter."""
    rng = random.Random(n)
    place, other = rng.sample(PLACES, 2)
    lead = f"{rng.randint(12, 60)} participants met for the {WORDS[n % len(WORDS)]} no. {n} in {place}."
    summary = " ".join([lead, *(s.format(place=place, other=other) for s in rng.sample(SENTENCES, 3))])
    title = f"{WORDS[n % len(WORDS)].capitalize()} in {place}: {TOPICS[n % len(TOPICS)]} {n}"
    if copy:
        when = NOW - timedelta(days=1, hours=n % 20)
        url = f"https://copies.example.org/repost/{n}/"
        return Item(
            source, f"copy-{n}", url, f"Repost: {title}", summary[:180] + "…", "en", when, raw_title=f"Repost: {title}"
        )
    return Item(source, f"real-{n}", f"https://real.example.org/{n}/", title, summary, "en",
                NOW - timedelta(days=2, hours=n % 20), raw_title=title)  # fmt: skip


def run(url: str, count: int, workdir: Path) -> dict[str, object]:
    store = Store(url)
    store.create_schema()
    started = time.perf_counter()
    load_synthetic(store, count)
    fill_s = time.perf_counter() - started

    original = SourceConfig("original", "Original partner", "https://real.example.org/feed")
    copier = SourceConfig("copier", "Reposting partner", "https://copies.example.org/feed")
    store.sync_sources([original, copier])
    ok = FetchResult(url="https://real.example.org/feed", outcome="ok")
    for start in range(0, 1000, 100):  # the originals, as 10 fetches of 100
        items = [real_item(n, "original") for n in range(start, start + 100)]
        store.record_collection(original, ok, items, now=NOW - timedelta(days=2), fetch_url=None)
    store.refresh_statistics()  # what the pass that stored them does (PostgreSQL: ANALYZE the grown tables)

    batch = [real_item(n, "copier", copy=True) for n in range(200)] + [
        real_item(n, "copier") for n in range(5000, 5800)
    ]
    batch = [item if item.guid.startswith("copy") else Item(**{**item.__dict__, "guid": f"new-{item.guid}",
             "url": item.url.replace("real.", "copies.")}) for item in batch]  # fmt: skip
    started = time.perf_counter()
    saved = store.record_collection(copier, ok, batch, now=NOW, fetch_url=None)
    batch_s = time.perf_counter() - started

    config = parse_config(
        f"title: Bench\nlink: https://news.example.org/\noutput_dir: {workdir / 'public'}\ndatabase: {url}\n"
        "sources:\n  - {id: original, url: 'https://real.example.org/feed'}\n  - {id: copier, url: 'https://copies.example.org/feed'}\n",
        workdir / "sources.yaml",
    )
    started = time.perf_counter()
    publish_outputs(config, store)
    publish_s = time.perf_counter() - started
    size = store.size_bytes() or 0
    store.close()
    return {
        "stories": count + 1000 + saved.new,
        "fill_s": round(fill_s, 1),
        "batch_items": len(batch),
        "batch_s": round(batch_s, 3),
        "ms_per_item": round(batch_s * 1000 / len(batch), 3),
        "copies_recognised": 800 + 200 - saved.new if saved.new >= 800 else None,
        "new_stories": saved.new,
        "publish_s": round(publish_s, 3),
        "db_mb": round(size / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("AGGREGATOR_TEST_POSTGRES"))
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    results = {"sqlite": run(f"sqlite:///{workdir / 'scale.db'}", args.count, workdir / "sqlite")}
    if args.postgres:
        with fresh_postgres(args.postgres, "scale") as url:
            results["postgresql"] = run(url, args.count, workdir / "postgresql")
    print(
        f"{'database':<11} {'stories':>9} {'fill s':>7} {'batch s':>8} {'ms/item':>8} {'copies found':>12} "
        f"{'publish s':>9} {'DB MB':>7}"
    )
    for database, r in results.items():
        print(
            f"{database:<11} {r['stories']:>9} {r['fill_s']:>7} {r['batch_s']:>8} {r['ms_per_item']:>8} "
            f"{str(r['copies_recognised']) + '/200':>12} {r['publish_s']:>9} {r['db_mb']:>7}"
        )
    print(json.dumps({"benchmark": "scale", "count": args.count, "results": results}))


if __name__ == "__main__":
    main()
