"""What every benchmark measures the same way: wall and CPU time, and peak RSS growth."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from aggregator import extract
from aggregator.offloop import started_pool

T = TypeVar("T")


def peak_rss_kb() -> int:
    """This process's peak resident set size (Linux VmHWM), in KiB."""
    match = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())
    return int(match.group(1)) if match else 0


def reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak restarts from the current RSS


def load_models() -> None:
    """The language model loads once per process (~85 MB, a second of CPU): load it before
    measuring, so a figure is what a pass costs, not a process start.

    dateparser's locale data is left alone: it loads only for a date our own parsers cannot
    read, and then for the source's languages; the simulated sources never need it (loading
    every locale up front, as this once did, added ~47 MB that no pass over them uses)."""
    extract.detect_language("Права человека в Оше", ())


def processes_cpu(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process in `pids` (Linux /proc), gone ones left out."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def parse_workers_cpu() -> dict[int, float]:
    """CPU seconds of this process's parsing workers (`aggregator.offloop`), by process id."""
    pool = started_pool()
    return processes_cpu(pool.pids()) if pool else {}


def measured(run: Callable[[], T]) -> tuple[T, float, float, float]:
    """(result, wall seconds, CPU seconds, peak RSS growth in MB) of one call. The CPU includes
    the parsing workers' (a worker killed meanwhile is not counted); the RSS is this process's."""
    reset_peak_rss()
    rss = peak_rss_kb()
    wall, cpu, workers = time.perf_counter(), time.process_time(), parse_workers_cpu()
    result = run()
    after = parse_workers_cpu()
    cpu = time.process_time() - cpu + sum(seconds - workers.get(pid, 0.0) for pid, seconds in after.items())
    return result, time.perf_counter() - wall, cpu, (peak_rss_kb() - rss) / 1024
