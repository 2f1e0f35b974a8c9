"""Many writers storing one syndicated web at once on PostgreSQL (issue 22): which way of keeping
one story per post is worth its cost.

    python -m bench.store_locks [--postgres URL] [--writers 4] [--rounds 3]

bench/syndicated.py's 100 sources carrying 50 posts (each in four sources: two under the post's
address, two near-duplicate copies) are stored by `--writers` threads, each with its own Store
(its own connections), the way procrastinate workers store: one source per transaction. The
writers start each transaction together (a barrier). `racing`: the four carriers of a post are
stored in the same round, so its copies race; `spread`: the config's order, where the writers
mostly store different posts (what keyed locks should let run side by side). Contenders
(aggregator.store.story_locks.MODE):

- none: no lock (what the store did before): an address collision fails a source's batch, and a
  near-duplicate pair stored at once becomes two stories;
- global: one advisory lock for all storing (every batch waits for every other);
- keys: one advisory lock per story key the batch's new items have (the default).

Reported per contender: wall time, failed batches, stories stored (50 is right), and the mean
time of one source's store call. A retry of the losing transaction or a later merge pass were
not built: a retry only helps the address collision (the near-duplicate pair commits without any
error), and a merge pass would publish a post twice until it runs and then change story ids.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import threading
import time
from datetime import UTC, datetime

from aggregator.models import FetchRecord, FetchResult, Gathered, Item, SourceConfig
from aggregator.store import Store, story_locks
from bench.postgres import fresh_postgres
from bench.syndicated import SOURCES, carried_by, post_link, racing_order, story_words

SITE = "https://syndication.example"
AT = datetime(2026, 12, 3, tzinfo=UTC)


def _batches(order: str) -> list[Gathered]:
    batches = []
    for n in racing_order() if order == "racing" else range(SOURCES):
        source = SourceConfig(f"s{n:03d}", f"Source {n}", f"{SITE}/feed/{n}")
        items = []
        for story in carried_by(n):
            title, summary = story_words(story)
            items.append(Item(source.id, f"{SITE}/s{n}/{story}", post_link(story, n, SITE), title, summary, "en",
                              datetime(2026, 11, 30, 4, tzinfo=UTC)))  # fmt: skip
        batches.append(Gathered(FetchRecord(source, FetchResult(url=source.url, outcome="ok"), None, AT), items))
    return batches


def run(url: str, mode: str, writers: int, order: str) -> dict[str, object]:
    story_locks.MODE = mode
    batches = _batches(order)
    setup = Store(url)
    setup.create_schema()
    setup.sync_sources([one.record.source for one in batches])
    stores = [Store(url) for _ in range(writers)]
    barrier = threading.Barrier(writers)
    failures: list[str] = []
    timings: list[float] = []
    lock = threading.Lock()

    def write(number: int) -> None:
        for one in batches[number::writers]:  # racing_order: each round, a post's carriers
            with contextlib.suppress(threading.BrokenBarrierError):  # the last round may be short of writers
                barrier.wait(timeout=30)
            started = time.perf_counter()
            try:
                stores[number].record_collections([one])
            except Exception as error:
                with lock:
                    failures.append(f"{one.record.source.id}: {error.__class__.__name__}")
            with lock:
                timings.append(time.perf_counter() - started)

    started = time.perf_counter()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stories = len(setup.latest_stories(1000))
    for store in [*stores, setup]:
        store.close()
    return {"order": order, "mode": mode, "wall_s": round(wall, 2), "failed": len(failures), "stories": stories,
            "store_ms": round(1000 * sum(timings) / len(timings), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("AGGREGATOR_TEST_POSTGRES"))
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("give --postgres URL (or set AGGREGATOR_TEST_POSTGRES)")
    print(f"{'order':7} {'mode':7} {'wall s':>7} {'failed':>7} {'stories':>8} {'ms/store':>9}")
    for _ in range(args.rounds):
        for order, mode in itertools.product(("racing", "spread"), ("none", "global", "keys")):
            with fresh_postgres(args.postgres, "locks") as url:
                row = run(url, mode, args.writers, order)
            print(f"{order:7} {mode:7} {row['wall_s']:>7} {row['failed']:>7} {row['stories']:>8} {row['store_ms']:>9}")


if __name__ == "__main__":
    main()
