"""A whole collection pass against its alternatives, on one simulated web.

    python -m bench.collect [--sources 1000 10000] [--concurrency 20] [--baselines reader pool]
                            [--text varied|templated] [--hosts 50] [--port 18080]

The simulated web (bench/simweb.py, in a child process) serves N RSS feeds of 20 items behind
50 loopback hosts (`--hosts`) with 50-200 ms latency per response and ETags; every twentieth source is an
HTML news page scraped with selectors instead. Posts differ in their text as different partners'
news do (`--text varied`), or are press releases from one template in a vocabulary of ~80 words
(`--text templated`: the hard case for near-duplicate detection, where every post has many
close-but-different neighbours to rule out). `--hosts 1`: every source on one host, as several
blogs on one platform are.
Each contender makes a cold pass (everything new) and a warm pass (everything answers 304) over
the same sources:

- ours: `collect_pass` (fetch, parse, extract, dedup, store on SQLite);
- reader: the `reader` library's update_feeds(workers=concurrency) (pip install '.[bench]');
- pool: a thread pool of `concurrency` running feedparser.parse(url, etag=, modified=), the
  usual cron script, storing nothing.

Reported: wall time against the latency-bound ideal (sources x mean latency / concurrency) and
against the polite floor (the same web fetched host by host within the per-host limit), CPU
per source and per new item, peak RSS growth and the process's peak RSS during the pass (ours
runs first, so the baselines' peaks include what ours left allocated: compare their growth),
database size, and the ratios to ours. A table, the ratios issue 23 sets targets on (`ratios`),
then one JSON line.

Templated against varied text (issue 23: templated at most 1.3x varied in cold CPU per source)
is compared within one series of runs, alternating the two texts (and the trees compared) run
by run: on a shared machine the figures drift by a fifth between series, the ratio far less.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from aggregator.collect import collect_pass
from aggregator.store import Store
from bench.measure import load_models, measured, peak_rss_kb
from bench.pass_shape import PassShape, watched
from bench.simweb import HTML_EVERY, SimWeb, SimWebProcess, write_config


@dataclass(frozen=True)
class Row:
    contender: str
    sources: int
    pass_: str
    wall_s: float
    ideal_s: float
    polite_floor_s: float
    cpu_ms_per_source: float
    cpu_ms_per_new_item: float | None
    new_items: int
    peak_rss_growth_mb: float
    peak_rss_mb: float  # the whole process, language models included
    db_mb: float | None

    @property
    def wall_vs_ideal(self) -> float:
        return self.wall_s / self.ideal_s


def polite_floor(web: SimWeb, sources: int, concurrency: int, *, robots: bool = True, trials: int = 200) -> float:
    """The expected wall time of a pass that waits for nothing but the web, as ours fetches it:
    each host's robots.txt first (`robots`: a first pass; later ones within a day have it
    stored), then its sources at most `per_host` at a time (write_config's setting). Above the
    ideal because a host's 20 or so delays do not spread evenly over its connections; ours and
    reader's passes cannot go below it (the pool baseline ignores both rules). Monte Carlo over
    the web's delay distribution, seeded."""
    per_host = max(2, concurrency // web.hosts)
    robots_reads = min(web.hosts, sources) if robots else 0
    rng = random.Random(sources)
    counts = [len(range(host, sources, web.hosts)) for host in range(web.hosts)]
    worst = []
    for _ in range(trials):
        slowest = 0.0
        for count in counts:
            lanes = [rng.uniform(web.min_delay, web.max_delay) if robots else 0.0] * per_host  # robots.txt
            for _ in range(count):
                heapq.heapreplace(lanes, lanes[0] + rng.uniform(web.min_delay, web.max_delay))
            slowest = max(slowest, max(lanes))
        # The global limit can bind too, robots.txt reads counted in it as the fetcher counts them.
        worst.append(max(slowest, (sources + robots_reads) * web.mean_delay / concurrency))
    return statistics.mean(worst)


def _db_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6, 1)


def _row(
    name: str, web: SimWeb, sources: int, concurrency: int, pass_: str, run: Callable[[], int], db: Path | None
) -> Row:
    new_items, wall, cpu, rss = measured(run)
    peak = peak_rss_kb() / 1024  # the peak since measured() reset it: during this pass
    return Row(
        contender=name,
        sources=sources,
        pass_=pass_,
        wall_s=round(wall, 2),
        ideal_s=round(sources * web.mean_delay / concurrency, 2),
        polite_floor_s=round(polite_floor(web, sources, concurrency, robots=pass_ == "cold"), 2),
        cpu_ms_per_source=round(cpu * 1000 / sources, 2),
        cpu_ms_per_new_item=round(cpu * 1000 / new_items, 3) if new_items else None,
        new_items=new_items,
        peak_rss_growth_mb=round(rss, 1),
        peak_rss_mb=round(peak, 1),
        db_mb=_db_mb(db) if db else None,
    )


def ours(web: SimWeb, sources: int, concurrency: int, shapes: list[tuple[str, PassShape]] | None = None) -> list[Row]:
    directory = Path(tempfile.mkdtemp(prefix="bench-ours-"))
    database = directory / "bench.db"
    config = write_config(directory, web, sources, concurrency, f"sqlite:///{database}")
    store = Store(config.database)
    store.create_schema()

    def one_pass(name: str) -> int:
        report, seen = watched(collect_pass(config, store, everything=True), concurrency)
        if shapes is not None:
            shapes.append((f"{sources} {name}", seen))
        return report.new

    rows = [
        _row("ours", web, sources, concurrency, name, lambda name=name: one_pass(name), database)
        for name in ("cold", "304")
    ]
    store.close()
    return rows


def reader_baseline(web: SimWeb, sources: int, concurrency: int) -> list[Row]:
    from reader import make_reader  # the bench extra; imported only when asked for

    database = Path(tempfile.mkdtemp(prefix="bench-reader-")) / "reader.db"
    library = make_reader(str(database))
    for n in range(sources):
        library.add_feed(web.feed_url(n) if n % HTML_EVERY else web.page_url(n))  # pages fail in reader, as in life

    def one_pass() -> int:
        before = library.get_entry_counts().total
        library.update_feeds(workers=concurrency, scheduled=False)  # every feed, as ours does with --all
        return library.get_entry_counts().total - before

    rows = [_row("reader", web, sources, concurrency, name, one_pass, database) for name in ("cold", "304")]
    library.close()
    return rows


def pool_baseline(web: SimWeb, sources: int, concurrency: int) -> list[Row]:
    import feedparser

    validators: dict[int, tuple[str | None, str | None]] = {}

    def one(n: int) -> int:
        etag, modified = validators.get(n, (None, None))
        url = web.feed_url(n) if n % HTML_EVERY else web.page_url(n)
        parsed = feedparser.parse(url, etag=etag, modified=modified)
        validators[n] = (parsed.get("etag"), parsed.get("modified"))
        return len(parsed.entries)

    def one_pass() -> int:
        with ThreadPoolExecutor(concurrency) as pool:
            return sum(pool.map(one, range(sources)))

    return [_row("pool", web, sources, concurrency, name, one_pass, None) for name in ("cold", "304")]


CONTENDERS = {"reader": reader_baseline, "pool": pool_baseline}


def ratios(rows: list[Row], sources: int) -> dict[str, float | None]:
    """The figures issue 23 sets targets on, at one number of sources (None: a baseline not run):
    our cold wall against the best baseline's (target at most 1.3), our cold CPU per source
    against reader's (below 1) and the pool's, our warm wall against the ideal (at most 1.2) and
    our warm CPU per source against the pool's (below 1)."""
    by = {(r.contender, r.pass_): r for r in rows if r.sources == sources}
    cold, warm = by[("ours", "cold")], by[("ours", "304")]
    baseline_walls = [r.wall_s for (who, pass_), r in by.items() if who != "ours" and pass_ == "cold"]

    def against(contender: str, pass_: str, mine: float) -> float | None:
        other = by.get((contender, pass_))
        return round(mine / other.cpu_ms_per_source, 2) if other else None

    return {
        "sources": sources,
        "cold wall / best baseline": round(cold.wall_s / min(baseline_walls), 2) if baseline_walls else None,
        "cold CPU/src / reader": against("reader", "cold", cold.cpu_ms_per_source),
        "cold CPU/src / pool": against("pool", "cold", cold.cpu_ms_per_source),
        "warm wall / ideal": round(warm.wall_vs_ideal, 2),
        "warm CPU/src / pool": against("pool", "304", warm.cpu_ms_per_source),
    }


def print_shapes(shapes: list[tuple[str, PassShape]]) -> None:
    """Where our passes' wall went (bench/pass_shape.py): requests under way against the limit,
    robots.txt reads among them, and the event loop thread's CPU and blocked stretches."""
    for name, seen in shapes:
        print(
            f"ours {name}: {seen.requests} requests ({seen.robots_requests} robots.txt), "
            f"{seen.mean_in_flight} under way on average, below the limit {seen.below_limit_share:.0%} "
            f"of the wall (none {seen.idle_share:.0%}); loop thread CPU {seen.loop_cpu_share:.0%} of the wall, "
            f"blocked {seen.loop_blocked_s} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--baselines", nargs="*", default=["reader", "pool"], choices=sorted(CONTENDERS))
    parser.add_argument("--text", "--texts", dest="texts", choices=["varied", "templated"], default="varied")
    # 50 hosts: 20 sources per host at 1,000 sources, so the per-host limit shapes the pass; as
    # many hosts as sources: partners' own sites, where robots.txt costs a request per source.
    parser.add_argument("--hosts", type=int, default=50)
    # Another port when another run holds the default one (the web binds every host's address).
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    load_models()

    rows: list[Row] = []
    shapes: list[tuple[str, PassShape]] = []
    with SimWebProcess(hosts=args.hosts, port=args.port, texts=args.texts) as web:
        for sources in args.sources:
            rows += ours(web, sources, args.concurrency, shapes)
            for name in args.baselines:
                rows += CONTENDERS[name](web, sources, args.concurrency)

    print(
        f"{'who':<7} {'sources':>7} {'pass':<5} {'wall s':>7} {'x ideal':>7} {'x floor':>7} {'CPU ms/src':>10} "
        f"{'CPU ms/item':>11} {'new':>7} {'RSS +MB':>8} {'RSS MB':>7} {'DB MB':>6} {'CPU vs ours':>11}"
    )
    ours_cpu = {(r.sources, r.pass_): r.cpu_ms_per_source for r in rows if r.contender == "ours"}
    for r in rows:
        ratio = r.cpu_ms_per_source / ours_cpu[(r.sources, r.pass_)]
        per_item = f"{r.cpu_ms_per_new_item:.3f}" if r.cpu_ms_per_new_item is not None else "-"
        db = f"{r.db_mb:.1f}" if r.db_mb is not None else "-"
        print(
            f"{r.contender:<7} {r.sources:>7} {r.pass_:<5} {r.wall_s:>7.2f} {r.wall_vs_ideal:>7.2f} "
            f"{r.wall_s / r.polite_floor_s:>7.2f} "
            f"{r.cpu_ms_per_source:>10.2f} {per_item:>11} {r.new_items:>7} {r.peak_rss_growth_mb:>8.1f} "
            f"{r.peak_rss_mb:>7.1f} {db:>6} "
            f"{ratio:>10.2f}x"
        )
    print_shapes(shapes)
    targets = [ratios(rows, sources) for sources in args.sources]
    for found in targets:
        shown = [f"{name} {'-' if value is None else value}" for name, value in found.items() if name != "sources"]
        print(f"targets at {found['sources']} sources: " + ", ".join(shown))
    print(
        json.dumps(
            {
                "benchmark": "collect",
                "texts": args.texts,
                "hosts": args.hosts,
                "rows": [asdict(r) | {"wall_vs_ideal": round(r.wall_vs_ideal, 2)} for r in rows],
                "targets": targets,
            }
        )
    )


if __name__ == "__main__":
    main()
