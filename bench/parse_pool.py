"""Where parsing should run: on the event loop, in threads or in worker processes.

    python -m bench.parse_pool [--documents 300] [--workers 2] [--depth 100000]

Each way runs in a fresh interpreter of its own (its memory is its own), in turn:

- ordinary: `--documents` documents like the simulated web's (RSS feeds of 20 items, one in
  twenty an HTML page scraped with selectors) through `understand` (parse + clean), all at once,
  while a ticker measures how late the event loop answers (a 5 ms sleep);
- executor: concurrent.futures.ProcessPoolExecutor, the baseline for `offloop`'s own workers;
- pathological: a page `--depth` elements deep (a source of type html without selectors, the
  case of issue 18) with 60 ordinary documents beside it, time limit 1 s per document.

Reported per way: CPU per ordinary document (this process and the workers) and its overhead
over inline, wall time, the event loop's worst lateness in both runs, when the 60 ordinary
documents beside the deep page were done, what became of the deep page, how long its CPU
went on burning after it was given up, the first document's start-up time, and the memory of
the process tree (PSS: shared pages counted once). A table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aggregator.models import FetchResult, Selectors, SourceConfig
from aggregator.offloop import PRELOAD, ParsePool
from aggregator.understand import understand
from bench.measure import load_models, processes_cpu
from bench.simweb import HTML_EVERY, feed_body, page_body

WAYS = ("inline", "thread", "executor", "process-forkserver", "process-spawn")
NOW = datetime(2026, 1, 2, tzinfo=UTC)
LIMIT = 1.0
SELECT = Selectors(item="article", title="h2", link="h2 a", excerpt="p", date="time")
TICKS = 0.005
# No languages given: the language model ranks every post, as it does for the Cyrillic posts of
# partners writing in several languages (Latin text with [ru, en, ky] would never need it).
LANGUAGES: tuple[str, ...] = ()


def _document(n: int) -> tuple[FetchResult, SourceConfig]:
    host = f"h{n % 50}.test"
    if n % HTML_EVERY == 0:
        source = SourceConfig(
            id=f"s{n}", name=f"P{n}", url=f"http://{host}/", type="html", languages=LANGUAGES, select=SELECT
        )
        body, kind = page_body(n, host), "text/html; charset=utf-8"
    else:
        source = SourceConfig(id=f"s{n}", name=f"P{n}", url=f"http://{host}/feed", type="feed", languages=LANGUAGES)
        body, kind = feed_body(n, host), "application/rss+xml"
    return FetchResult(url=source.url, outcome="ok", status=200, content_type=kind, body=body, encoding="utf-8"), source


def _deep(depth: int) -> tuple[FetchResult, SourceConfig]:
    html = ("<html><body>" + "<div>" * depth + "<a href='/x'>t</a>" + "</div>" * depth + "</body></html>").encode()
    source = SourceConfig(id="deep", name="Deep", url="http://deep.test/", type="html")
    return FetchResult(
        url=source.url, outcome="ok", status=200, content_type="text/html", body=html, encoding="utf-8"
    ), source


class _Inline:
    async def run(self, limit: float, call: Callable[..., Any], *args: Any) -> Any:
        return call(*args)  # no limit can hold: nothing else runs until it returns

    def pids(self) -> list[int]:
        return []


class _Threads:
    """What a thread pool can do: stop waiting at the limit; the thread runs on regardless."""

    def __init__(self, workers: int) -> None:
        self.executor = ThreadPoolExecutor(workers)

    async def run(self, limit: float, call: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(self.executor, call, *args), limit)

    def pids(self) -> list[int]:
        return []


class _Executor:
    """The standard library's process pool (forkserver, the same preload), as the baseline for
    our pipe per worker: it can stop waiting at the limit but not stop the document, and each
    call goes through its two threads."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.executor = ProcessPoolExecutor(workers, mp_context=context)

    async def run(self, limit: float, call: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.wait_for(asyncio.wrap_future(self.executor.submit(call, *args)), limit)

    def pids(self) -> list[int]:
        return list(self.executor._processes)  # a benchmark may peek: the CPU is spent there


def _cpu(pids: list[int]) -> float:
    """User + system CPU seconds of this process and of `pids`."""
    return time.process_time() + sum(processes_cpu(pids).values())


def _tree_pss_mb() -> float:
    """Proportional set size of this process and all its descendants, in MB."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {os.getpid()}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:"))
    return total / 1024


async def _lateness(stop: asyncio.Event) -> float:
    """The event loop's worst lateness, in seconds, until `stop`."""
    worst = 0.0
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(TICKS)
        worst = max(worst, time.perf_counter() - before - TICKS)
    return worst


async def _all_at_once(
    runner: Any, documents: list[tuple[FetchResult, SourceConfig]], limit: float
) -> tuple[list[Any], float]:
    stop = asyncio.Event()
    ticker = asyncio.create_task(_lateness(stop))
    await asyncio.sleep(0)
    results = await asyncio.gather(
        *(runner.run(limit, understand, result, source, 300, NOW) for result, source in documents),
        return_exceptions=True,
    )
    stop.set()
    return results, await ticker


async def _measure(way: str, documents: int, workers: int, depth: int) -> dict[str, object]:
    if way in ("inline", "thread"):
        load_models()
    runners = {"inline": _Inline, "thread": lambda: _Threads(workers), "executor": lambda: _Executor(workers)}
    runner: Any = runners[way]() if way in runners else ParsePool(workers, method=way.split("-")[1])
    started = time.perf_counter()
    await runner.run(60.0, understand, *_document(1), 300, NOW)
    first = time.perf_counter() - started
    await asyncio.gather(*(runner.run(60.0, understand, *_document(n), 300, NOW) for n in range(workers * 4)))
    ordinary = [_document(n) for n in range(documents)]
    cpu, main_cpu, wall = _cpu(runner.pids()), time.process_time(), time.perf_counter()
    results, lateness = await _all_at_once(runner, ordinary, 60.0)
    wall, cpu = time.perf_counter() - wall, _cpu(runner.pids()) - cpu
    main_cpu = time.process_time() - main_cpu
    assert not any(isinstance(result, BaseException) for result in results), results
    memory = _tree_pss_mb()

    beside = [_deep(depth), *ordinary[:60]]
    done_at: dict[str, float] = {}
    started = time.perf_counter()

    async def timed(result: FetchResult, source: SourceConfig) -> Any:
        try:
            return await runner.run(LIMIT, understand, result, source, 300, NOW)
        except Exception as error:
            return error
        finally:
            done_at[source.id] = time.perf_counter() - started

    stop = asyncio.Event()
    ticker = asyncio.create_task(_lateness(stop))
    await asyncio.sleep(0)
    outcomes = await asyncio.gather(*(timed(*document) for document in beside))
    stop.set()
    deep_lateness = await ticker
    gave_up = time.perf_counter()
    if isinstance(runner, _Threads | _Executor):
        runner.executor.shutdown(wait=True)  # the deep page's thread or process, still parsing
    burning = time.perf_counter() - gave_up
    deep = outcomes[0]
    return {
        "way": way,
        "workers": workers if way != "inline" else 0,
        "cpu_ms_per_doc": round(cpu * 1000 / documents, 2),
        "main_cpu_ms_per_doc": round(main_cpu * 1000 / documents, 2),
        "wall_ms_per_doc": round(wall * 1000 / documents, 2),
        "loop_late_ms": round(lateness * 1000, 1),
        "deep_loop_late_ms": round(deep_lateness * 1000, 1),
        "beside_deep_done_s": round(max(at for source_id, at in done_at.items() if source_id != "deep"), 2),
        "deep_page": type(deep).__name__ if isinstance(deep, BaseException) else deep.page.kind,
        "burning_after_s": round(burning, 2),
        "first_doc_s": round(first, 2),
        "tree_pss_mb": round(memory, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--depth", type=int, default=100_000)
    parser.add_argument("--ways", nargs="+", default=list(WAYS), choices=WAYS)
    parser.add_argument("--one", choices=WAYS, help=argparse.SUPPRESS)  # a child measuring one way
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_measure(args.one, args.documents, args.workers, args.depth))))
        return
    rows = []
    for way in args.ways:
        command = [sys.executable, "-m", "bench.parse_pool", "--one", way, "--documents", str(args.documents)]
        command += ["--workers", str(args.workers), "--depth", str(args.depth)]
        rows.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
    inline = next((row for row in rows if row["way"] == "inline"), None)
    for row in rows:
        row["overhead_ms_per_doc"] = round(row["cpu_ms_per_doc"] - inline["cpu_ms_per_doc"], 2) if inline else None
    columns = list(rows[0])
    print(" | ".join(columns))
    for row in rows:
        print(" | ".join(str(row[column]) for column in columns))
    print(json.dumps({"bench": "parse_pool", "documents": args.documents, "depth": args.depth, "rows": rows}))


if __name__ == "__main__":
    main()
