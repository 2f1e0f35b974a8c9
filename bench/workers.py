"""The same N sources through 1, 2 and 4 worker processes on PostgreSQL, next to one process.

    python -m bench.workers [--sources 1000] [--workers 1 2 4] [--concurrency 20] [--postgres URL]
    python -m bench.workers --sources 2000 --no-one-process --grid 2x10 2x20 4x20 4x40

The full run of issue 10 is `--sources 10000`. The default of 1,000 sources takes about 3
minutes on a 2-core machine. Each pass gives up after `--timeout` (default 120 s + 0.3 s per
source) and the other contenders still report.

The simulated web (bench/simweb.py, in a child process) serves the sources of bench/collect.py:
RSS feeds of 20 items behind 50 loopback hosts, 50-200 ms per response, every twentieth source
an HTML news page scraped with selectors. Each contender makes one cold pass (everything new)
over all sources on a fresh database:

- 1 process, SQLite: `collect_pass(config, store, everything=True)` in this process;
- 1 process, PostgreSQL: the same on a fresh PostgreSQL database;
- W workers, PostgreSQL: a fresh database, `aggregator migrate`, then W processes of
  `aggregator worker --concurrency C --queue collect` (the collecting machines of "Scaling out":
  no publishing, which the one-process passes do not do either). A worker defers the last
  minute's due tick as soon as it starts, so the sources are first parked (next check in a
  day) and, once every worker is up, deferred here with `worker.defer_collect(force=True)`.
  Wall time runs from that deferral until every source has a last fetch in the database.

Each process fetches with `fetch: {concurrency: C, per_host: max(2, C / 50)}`, so W workers
have W times the connections of one process: "ideal s" is the latency-bound time for that
(sources x mean latency / (C x W)). CPU is the collecting processes' own (this process for the
one-process passes, /proc/<pid>/stat of the workers between deferral and done); "DB CPU" is the
PostgreSQL server's over the same window (all its processes, reaped backends included), and
"busy %" is the whole machine's (100 % = every core): both count whatever else runs on the
machine meanwhile, so run nothing else. "its DB" is the CPU of the backends serving the bench's
own database alone (sampled from /proc every 0.1 s), which other databases on a shared server
(other people's tests) do not disturb: compare that one on a shared machine. The language
model is loaded before the one-process passes, as bench/collect.py does
(bench.measure.load_models); a worker loads it with its first source, inside the measured
window. A table, then one JSON line (with peak RSS, and the sequential scans of the lookup
tables on PostgreSQL).

`--grid WxC ...` runs W workers of concurrency C for each pair instead of `--workers`: "in flight"
is W x C, the jobs the server sees at once. On a 2-core machine the wall time of a large grid is
CPU-bound, so compare the server's CPU per source ("its DB ms/src") across it. Where the server
preloads pg_stat_statements, each worker run also lists the statements that cost the server most
per source (execution time, lock waits included, over the measured window), and sums them by kind:
procrastinate's own (job fetching, finishing, deferring, LISTEN/NOTIFY), ours, and this bench's
polling. Without the extension the statement lines are left out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from aggregator.collect import collect_pass
from aggregator.models import Config
from aggregator.store import Store, sightings, sources
from aggregator.worker import build_app, defer_collect
from bench.measure import load_models, measured
from bench.postgres import (
    BENCH_MARK,
    TOP_STATEMENTS,
    StatementCost,
    cost_by_kind,
    enable_statement_stats,
    fresh_postgres,
    statement_costs,
)
from bench.proc_cpu import Window, peak_rss_mb, process_cpu
from bench.simweb import SimWeb, SimWebProcess, write_config

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
START_TIMEOUT = 90.0  # seconds for `migrate`, and for every worker to be up
STOP_TIMEOUT = 30.0  # seconds for a worker to finish its jobs after SIGTERM
POLL_SECONDS = 0.2
LOOKUP_TABLES = ("story_keys", "stories", "sightings")  # indexed lookups for every stored batch
DEFERRING_AT_ONCE = 10  # defers in flight: procrastinate's connection pool is about this size


@dataclass(frozen=True)
class Row:
    contender: str
    workers: int  # 0: one process collecting in this benchmark's own process
    database: str
    sources: int
    ok: int  # sources whose pass ended "ok"
    items: int  # sightings stored
    wall_s: float
    ideal_s: float
    cpu_ms_per_source: float
    db_cpu_ms_per_source: float | None  # the whole PostgreSQL server's CPU, whatever else it serves meanwhile
    machine_busy_pct: float
    peak_rss_growth_mb: float | None = None  # one process: this process's peak RSS growth over the pass
    worker_peak_rss_mb: float | None = None  # workers: the mean of their peak RSS (whole process)
    defer_s: float | None = None  # time to queue every source's job (workers only)
    seq_scans: int | None = None  # PostgreSQL: sequential scans of the lookup tables (LOOKUP_TABLES) in the pass
    concurrency: int | None = None  # jobs at once per worker process
    own_db_cpu_ms_per_source: float | None = None  # the CPU of the backends serving the bench's database alone
    statements: tuple[StatementCost, ...] | None = None  # pg_stat_statements over the window, costliest first

    @property
    def in_flight(self) -> int | None:
        """Jobs the server sees at once: workers x concurrency."""
        return self.workers * self.concurrency if self.workers and self.concurrency else None

    @property
    def per_second(self) -> float:
        return self.sources / self.wall_s


# --- databases and configs ------------------------------------------------------------------


def _count(store: Store, query: sa.Select[tuple[int]]) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def fetched(store: Store) -> int:
    query = sa.select(sa.func.count()).select_from(sources).where(sources.c.last_fetch_at.is_not(None))
    return _count(store, query.prefix_with(BENCH_MARK))  # polled: marked to tell it from the workers' statements


def outcome(store: Store) -> tuple[int, int]:
    """(sources whose last pass was ok, sightings stored)."""
    ok = _count(store, sa.select(sa.func.count()).select_from(sources).where(sources.c.last_outcome == "ok"))
    return ok, _count(store, sa.select(sa.func.count()).select_from(sightings))


def seq_scans(database: str) -> int | None:
    """Sequential scans of LOOKUP_TABLES since the database was made; call once the collecting
    connections are closed (a backend reports its counts when it ends at the latest)."""
    if not database.startswith("postgresql"):
        return None
    store = Store(database)
    try:
        with store.engine.connect() as conn:
            query = "SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE relname = ANY(%(tables)s)"
            return int(conn.exec_driver_sql(query, {"tables": list(LOOKUP_TABLES)}).scalar_one())
    finally:
        store.close()


def server_setting(admin_url: str, name: str) -> str | None:
    engine = sa.create_engine(admin_url)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql(f"SHOW {name}").scalar_one())
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


# --- contenders -----------------------------------------------------------------------------


def one_process(
    name: str, web: SimWeb, count: int, concurrency: int, database: str, directory: Path, timeout: float
) -> Row:
    """One cold `collect_pass` over every source, in this process."""
    config = write_config(directory, web, count, concurrency, database)
    store = Store(config.database)
    try:
        store.create_schema()
        store.sync_sources(config.sources)  # the rows exist before the clock starts, as for the workers
        postgres = store.engine.dialect.name == "postgresql"
        window = Window(store.engine.url.database if postgres else None)
        window.start()
        _, wall, cpu, rss = measured(
            lambda: asyncio.run(asyncio.wait_for(collect_pass(config, store, everything=True), timeout))
        )
        window.stop()
        ok, items = outcome(store)
    finally:
        store.close()
    return Row(
        contender=name,
        workers=0,
        database="postgresql" if postgres else "sqlite",
        sources=count,
        ok=ok,
        items=items,
        wall_s=round(wall, 2),
        ideal_s=round(count * web.mean_delay / concurrency, 2),
        cpu_ms_per_source=round(cpu * 1000 / count, 2),
        db_cpu_ms_per_source=round(window.db_cpu * 1000 / count, 2) if postgres else None,
        own_db_cpu_ms_per_source=round(window.own_db_cpu * 1000 / count, 2) if window.own_db_cpu is not None else None,
        machine_busy_pct=round(window.busy_pct, 1),
        peak_rss_growth_mb=round(rss, 1),
        seq_scans=seq_scans(config.database),
    )


def _aggregator(config: Config, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "aggregator", "--config", str(config.path), *arguments]


def _wait_for(condition: Callable[[], bool], timeout: float, what: str, workers: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError(f"a worker exited while waiting for {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_SECONDS)


async def _defer_all(config: Config) -> None:
    app = build_app(config)
    limit = asyncio.Semaphore(DEFERRING_AT_ONCE)

    async def one(source_id: str) -> bool:
        async with limit:
            return await defer_collect(app, source_id, force=True)  # force: the sources are parked

    async with app.open_async():
        queued = await asyncio.gather(*(one(source.id) for source in config.sources))
    if not all(queued):
        raise RuntimeError(f"{queued.count(False)} sources already had a waiting job: a tick deferred them")


def workers(
    count_workers: int, web: SimWeb, count: int, concurrency: int, database: str, directory: Path, timeout: float
) -> Row:
    """One cold pass by `count_workers` worker processes, deferred by us once all are up."""
    config = write_config(directory, web, count, concurrency, database)
    subprocess.run(_aggregator(config, "migrate"), check=True, capture_output=True, timeout=START_TIMEOUT)
    counting = enable_statement_stats(config.database)
    store = Store(config.database)
    logs = [(directory / f"worker-{n}.log").open("wb") for n in range(count_workers)]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        # Parked: not due for a day, so the due tick each worker defers when it starts finds nothing
        # and the pass starts when we say. A collection sets the next check again.
        store.sync_sources(config.sources)
        with store.engine.begin() as conn:
            conn.execute(sources.update().values(next_check_at=datetime.now(UTC) + timedelta(days=1)))
        command = _aggregator(config, "worker", "--concurrency", str(concurrency), "--queue", "collect")
        processes += [subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT) for log in logs]

        def registered() -> bool:
            return _count(store, sa.select(sa.func.count()).select_from(sa.table("procrastinate_workers"))) == len(
                processes
            )

        _wait_for(registered, START_TIMEOUT, "every worker to start", processes)
        time.sleep(1.0)  # the start-up tick and recovery run now, before the clock starts

        window = Window(store.engine.url.database)
        cpu = [process_cpu(p.pid) for p in processes]
        if counting:
            enable_statement_stats(config.database)  # forget the start-up's statements
        window.start()
        asyncio.run(asyncio.wait_for(_defer_all(config), timeout))
        defer_s = window.elapsed()
        _wait_for(lambda: fetched(store) == count, timeout - defer_s, "every source to be fetched", processes)
        window.stop()
        statements = tuple(statement_costs(config.database, count)) if counting else None
        cpu_s = sum(process_cpu(p.pid) - before for p, before in zip(processes, cpu, strict=True))
        rss_mb = sum(peak_rss_mb(p.pid) for p in processes) / len(processes)
        ok, items = outcome(store)
    except BaseException:
        for log in logs:
            log.flush()
        for n in range(len(processes)):
            tail = (directory / f"worker-{n}.log").read_text(errors="replace").splitlines()[-15:]
            print(f"--- worker {n} of {count_workers} (log tail) ---", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"worker {process.pid} ignored SIGTERM for {STOP_TIMEOUT:.0f} s: killed", file=sys.stderr)
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        store.close()
    stopped = [p.returncode for p in processes]
    if any(stopped):
        print(f"workers of the {count_workers}-worker run exited with {stopped}", file=sys.stderr)
    return Row(
        contender=f"{count_workers} worker{'s' if count_workers > 1 else ''} x {concurrency}",
        workers=count_workers,
        database="postgresql",
        sources=count,
        ok=ok,
        items=items,
        wall_s=round(window.wall, 2),
        ideal_s=round(count * web.mean_delay / (concurrency * count_workers), 2),
        cpu_ms_per_source=round(cpu_s * 1000 / count, 2),
        db_cpu_ms_per_source=round(window.db_cpu * 1000 / count, 2),
        own_db_cpu_ms_per_source=round(window.own_db_cpu * 1000 / count, 2) if window.own_db_cpu is not None else None,
        machine_busy_pct=round(window.busy_pct, 1),
        worker_peak_rss_mb=round(rss_mb, 1),
        defer_s=round(defer_s, 2),
        seq_scans=seq_scans(config.database),
        concurrency=concurrency,
        statements=statements,
    )


# --- main -----------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    base = next((r for r in rows if r.workers == 1), None)
    print(
        f"{'contender':<22} {'sources':>7} {'ok':>6} {'in flight':>9} {'wall s':>7} {'ideal s':>7} {'src/s':>7} "
        f"{'CPU ms/src':>10} {'DB CPU ms/src':>13} {'its DB ms/src':>13} {'busy %':>6} {'vs 1 worker':>11}"
    )
    for r in rows:
        name = f"{r.contender}, {r.database}" if r.workers == 0 else r.contender
        db = f"{r.db_cpu_ms_per_source:.2f}" if r.db_cpu_ms_per_source is not None else "-"
        own = f"{r.own_db_cpu_ms_per_source:.2f}" if r.own_db_cpu_ms_per_source is not None else "-"
        speedup = f"{base.wall_s / r.wall_s:.2f}x" if base else "-"
        print(
            f"{name:<22} {r.sources:>7} {r.ok:>6} {r.in_flight or '-':>9} {r.wall_s:>7.2f} {r.ideal_s:>7.2f} "
            f"{r.per_second:>7.1f} {r.cpu_ms_per_source:>10.2f} {db:>13} {own:>13} {r.machine_busy_pct:>6.0f} "
            f"{speedup:>11}"
        )


def print_statements(rows: list[Row]) -> None:
    """Per worker run: server time per source by kind of statement, then the costliest statements."""
    for r in rows:
        if not r.statements:
            continue
        kinds = "  ".join(
            f"{kind} {v['ms_per_source']:.2f} ms/src in {v['calls_per_source']:.1f} calls/src"
            for kind, v in sorted(cost_by_kind(list(r.statements)).items())
        )
        print(f"\n{r.contender} ({r.in_flight} in flight), server time per source: {kinds}")
        print(f"  {'kind':<13} {'ms/src':>7} {'ms/call':>8} {'calls/src':>9} {'blks/call':>9}  statement")
        for c in r.statements[:TOP_STATEMENTS]:
            print(
                f"  {c.kind:<13} {c.ms_per_source:>7.3f} {c.ms_per_call:>8.3f} {c.calls_per_source:>9.2f} "
                f"{c.blocks_per_call:>9.1f}  {c.query[:90]}"
            )


def grid_cell(text: str) -> tuple[int, int]:
    """ "4x20" -> (4 workers, concurrency 20)."""
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match or not all(int(n) > 0 for n in match.groups()):
        raise argparse.ArgumentTypeError(f"{text!r}: expected WORKERSxCONCURRENCY, e.g. 4x20")
    return int(match.group(1)), int(match.group(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--concurrency", type=int, default=20, help="jobs (and requests) at once per process")
    parser.add_argument(
        "--grid", type=grid_cell, nargs="+", metavar="WxC", help="worker runs as workers x concurrency (not --workers)"
    )
    parser.add_argument("--postgres", default=os.environ.get("AGGREGATOR_TEST_POSTGRES", DEFAULT_POSTGRES))
    parser.add_argument("--timeout", type=float, help="seconds per pass (default: 120 + 0.3 per source)")
    parser.add_argument("--no-one-process", action="store_true", help="only the worker runs")
    args = parser.parse_args()
    timeout = args.timeout or 120 + 0.3 * args.sources
    grid = args.grid or [(w, args.concurrency) for w in args.workers]
    autovacuum = server_setting(args.postgres, "autovacuum")
    load_models()  # before the one-process passes, as bench/collect.py does
    workdir = Path(tempfile.mkdtemp(prefix="bench-workers-"))

    rows: list[Row] = []
    errors: dict[str, str] = {}

    def attempt(name: str, run: Callable[[], Row]) -> None:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows.append(run())
        except Exception as error:  # one contender failing still reports the others
            errors[name] = f"{error.__class__.__name__}: {error}"
            print(f"{name} failed: {errors[name]}", file=sys.stderr)

    def on_postgres(run: Callable[[str], Row]) -> Callable[[], Row]:
        def with_database() -> Row:
            with fresh_postgres(args.postgres, "bench_workers") as url:
                return run(url)

        return with_database

    try:
        with SimWebProcess(hosts=50) as web:
            n, c = args.sources, args.concurrency
            if not args.no_one_process:
                sqlite = f"sqlite:///{workdir / 'sqlite' / 'bench.db'}"
                attempt(
                    "1 process, sqlite",
                    lambda: one_process("1 process", web, n, c, sqlite, workdir / "sqlite", timeout),
                )
                attempt(
                    "1 process, postgresql",
                    on_postgres(lambda url: one_process("1 process", web, n, c, url, workdir / "postgresql", timeout)),
                )
            for w, wc in grid:
                attempt(
                    f"{w} worker(s) x {wc}",
                    on_postgres(lambda url, w=w, wc=wc: workers(w, web, n, wc, url, workdir / f"w{w}x{wc}", timeout)),
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # configs, worker logs, the SQLite database

    print_table(rows)
    if autovacuum == "off":
        print(
            "note: autovacuum is off on this PostgreSQL server: the tables are analyzed only by the store's own "
            "check (Store.refresh_statistics); seq_scans in the JSON counts the scans that remain"
        )
    if any(r.workers and r.statements is None for r in rows):
        print("note: pg_stat_statements is not preloaded on this server: no statement lines")
    print_statements(rows)
    for name, error in errors.items():
        print(f"{name}: FAILED: {error}")
    base = next((r for r in rows if r.workers == 1), None)
    print(
        json.dumps(
            {
                "benchmark": "workers",
                "cores": os.cpu_count(),
                "concurrency": args.concurrency,
                "postgres_autovacuum": autovacuum,
                "rows": [
                    asdict(r)
                    | {
                        "in_flight": r.in_flight,
                        "sources_per_s": round(r.per_second, 1),
                        "speedup_vs_1_worker": round(base.wall_s / r.wall_s, 2) if base else None,
                        "statements": [asdict(c) for c in r.statements[:TOP_STATEMENTS]] if r.statements else None,
                        "statements_by_kind": cost_by_kind(list(r.statements)) if r.statements else None,
                    }
                    for r in rows
                ],
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main()
