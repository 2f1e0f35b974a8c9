"""Fetch and collect benchmark against a simulated web with 50-200 ms latency per response.

    python -m bench.fetch [--sources 100 1000] [--concurrency 20 100] [--hosts 50]

For each size and concurrency: a cold pass (every feed answers 200 with 20 items) and a warm
pass (every feed answers 304), first through the fetcher alone, then through the whole
`collect` pass (fetch, parse, extract, store on SQLite). Reports wall time against the ideal
(sources x mean latency / concurrency), CPU time per source, and peak RSS growth. Prints a
table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from aggregator.collect import collect_pass
from aggregator.config import parse_config
from aggregator.fetch import Fetcher
from aggregator.models import CacheInfo, FetchSettings
from aggregator.store import Store
from bench.measure import load_models, measured
from bench.simweb import SimWeb, SimWebProcess


@dataclass(frozen=True)
class Row:
    stage: str  # "fetch" or "collect"
    sources: int
    concurrency: int
    pass_: str  # "cold" or "304"
    ok: int
    wall_s: float
    ideal_s: float
    cpu_ms_per_source: float
    peak_rss_growth_mb: float

    @property
    def wall_vs_ideal(self) -> float:
        return self.wall_s / self.ideal_s


def bench_fetch(web: SimWeb, sources: int, concurrency: int) -> list[Row]:
    settings = FetchSettings(
        user_agent="bench",
        allow_private_networks=True,
        concurrency=concurrency,
        per_host=max(2, concurrency // web.hosts),
    )
    caches: dict[int, CacheInfo] = {}

    async def one_pass() -> int:
        async with Fetcher(settings) as fetcher:
            results = await asyncio.gather(
                *(fetcher.fetch(web.feed_url(n), caches.get(n, CacheInfo())) for n in range(sources))
            )
        for n, result in enumerate(results):
            caches[n] = result.cache if result.outcome == "ok" else caches.get(n, CacheInfo())
        return sum(result.outcome in ("ok", "not_modified") for result in results)

    return [_row("fetch", web, sources, concurrency, name, one_pass) for name in ("cold", "304")]


def bench_collect(web: SimWeb, sources: int, concurrency: int) -> list[Row]:
    directory = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    per_host = max(2, concurrency // web.hosts)
    lines = [
        "title: Bench", "link: https://news.example.org/", f"database: sqlite:///{directory / 'bench.db'}",
        f"fetch: {{allow_private_networks: true, concurrency: {concurrency}, per_host: {per_host}}}", "sources:",
    ]  # fmt: skip
    lines += [f"  - {{id: s{n}, url: '{web.feed_url(n)}', type: feed, languages: [en]}}" for n in range(sources)]
    config = parse_config("\n".join(lines) + "\n", directory / "sources.yaml")
    store = Store(config.database)
    store.create_schema()

    async def one_pass() -> int:
        report = await collect_pass(config, store, everything=True)
        return sum(r.outcome != "error" for r in report.reports)

    rows = [_row("collect", web, sources, concurrency, name, one_pass) for name in ("cold", "304")]
    store.close()
    return rows


def _row(stage: str, web: SimWeb, sources: int, concurrency: int, name: str, run: Callable[[], Awaitable[int]]) -> Row:
    ok, wall, cpu, rss = measured(lambda: asyncio.run(run()))  # type: ignore[arg-type]
    ideal = sources * web.mean_delay / concurrency
    return Row(
        stage,
        sources,
        concurrency,
        name,
        ok,
        round(wall, 2),
        round(ideal, 2),
        round(cpu * 1000 / sources, 2),
        round(rss, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--stages", nargs="+", default=["fetch", "collect"], choices=["fetch", "collect"])
    args = parser.parse_args()
    load_models()

    rows: list[Row] = []
    with SimWebProcess(hosts=args.hosts) as web:
        for sources in args.sources:
            for concurrency in args.concurrency:
                if "fetch" in args.stages:
                    rows += bench_fetch(web, sources, concurrency)
                if "collect" in args.stages:
                    rows += bench_collect(web, sources, concurrency)

    print(
        f"{'stage':<8} {'sources':>7} {'conc':>5} {'pass':<5} {'ok':>6} {'wall s':>7} {'ideal s':>7} {'x ideal':>7} "
        f"{'CPU ms/src':>10} {'RSS +MB':>8}"
    )
    for r in rows:
        print(
            f"{r.stage:<8} {r.sources:>7} {r.concurrency:>5} {r.pass_:<5} {r.ok:>6} {r.wall_s:>7.2f} {r.ideal_s:>7.2f} "
            f"{r.wall_vs_ideal:>7.2f} {r.cpu_ms_per_source:>10.2f} {r.peak_rss_growth_mb:>8.1f}"
        )
    print(
        json.dumps(
            {"benchmark": "fetch", "rows": [asdict(r) | {"wall_vs_ideal": round(r.wall_vs_ideal, 2)} for r in rows]}
        )
    )


if __name__ == "__main__":
    main()
