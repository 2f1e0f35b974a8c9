"""Query plans of the hot lookups on SQLite and PostgreSQL: each must use an index.

    python -m bench.plans [--postgres postgresql+psycopg://postgres@127.0.0.1/postgres]

Fills a scratch database with 20,000 synthetic stories so the planners have statistics, then
prints each plan; the JSON line says whether every plan avoided a full scan.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.models import FetchResult, Item, SourceConfig
from aggregator.store import Store, explain, hot_queries
from bench.postgres import fresh_postgres


def _fill(store: Store, count: int) -> None:
    sources = [SourceConfig(f"s{n}", f"S{n}", f"https://s{n}.example.org/feed") for n in range(20)]
    store.sync_sources(sources)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n, source in enumerate(sources):
        items = [
            Item(source.id, f"g{n}-{i}", f"https://s{n}.example.org/{i}", f"T {i}", "S", "ky" if i % 7 else "ru",
                 start + timedelta(hours=i))
            for i in range(count // len(sources))
        ]  # fmt: skip
        store.record_collection(source, FetchResult(url=source.url, outcome="ok"), items, now=start, fetch_url=None)


def _plans(url: str) -> dict[str, list[str]]:
    store = Store(url)
    store.create_schema()
    _fill(store, 20_000)
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    plans = {name: explain(store.engine, query) for name, query in hot_queries().items()}
    store.close()
    return plans


def _scans(plan: list[str]) -> bool:
    text = " ".join(plan).upper()
    return (
        ("SCAN STORIES" in text and "INDEX" not in text)
        or "SEQ SCAN ON STORIES" in text
        or "SEQ SCAN ON SIGHTINGS" in text
        or "SEQ SCAN ON STORY_KEYS" in text
        or ("SCAN STORY_KEYS" in text and "INDEX" not in text and "PRIMARY KEY" not in text)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=os.environ.get("AGGREGATOR_TEST_POSTGRES"))
    args = parser.parse_args()
    results = {"sqlite": _plans(f"sqlite:///{Path(tempfile.mkdtemp()) / 'plans.db'}")}
    if args.postgres:
        with fresh_postgres(args.postgres, "plans") as url:
            results["postgresql"] = _plans(url)
    for database, plans in results.items():
        print(f"== {database}")
        for query, plan in plans.items():
            print(f"{query}:")
            for line in plan:
                print(f"    {line}")
    verdict = {db: {q: not _scans(p) for q, p in plans.items()} for db, plans in results.items()}
    print(json.dumps({"benchmark": "plans", "uses_index": verdict}))


if __name__ == "__main__":
    main()
