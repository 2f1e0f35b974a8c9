"""CPU, memory and machine load of processes, read from /proc (Linux), for the benchmarks that
run other processes: a worker's, the PostgreSQL server's, the backends serving one database."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int | str) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return [text[text.index("(") + 1 : text.rindex(")")], *text[text.rindex(")") + 2 :].split()]


def process_cpu(pid: int) -> float:
    """utime + stime of one process, in seconds."""
    fields = _stat_fields(pid)  # [comm, state, ppid, ...]: utime and stime are stat's fields 14 and 15
    return (int(fields[12]) + int(fields[13])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    match = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


def postgres_cpu() -> float:
    """CPU seconds of every PostgreSQL server process, with the children the postmaster reaped
    (cutime + cstime), so backends that ended meanwhile still count."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(entry.name)
        except (OSError, ValueError):
            continue  # ended meanwhile
        if fields[0] == "postgres":
            total += sum(int(value) for value in fields[12:16])  # utime stime cutime cstime
    return total / CLOCK_TICKS


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Window:
    """Wall, machine and PostgreSQL CPU between start() and stop(); with `database`, also the CPU
    of the backends serving that database alone."""

    database: str | None = None
    wall: float = 0.0
    db_cpu: float = 0.0
    own_db_cpu: float | None = None
    busy_pct: float = 0.0

    def start(self) -> None:
        self._own = DatabaseCpu(self.database) if self.database else None
        if self._own:
            self._own.start()
        self._wall, self._db, self._jiffies = time.perf_counter(), postgres_cpu(), machine_jiffies()

    def elapsed(self) -> float:
        return time.perf_counter() - self._wall

    def stop(self) -> None:
        self.wall = time.perf_counter() - self._wall
        self.db_cpu = postgres_cpu() - self._db
        self.own_db_cpu = self._own.stop() if self._own else None
        busy, total = machine_jiffies()
        self.busy_pct = 100 * (busy - self._jiffies[0]) / max(1, total - self._jiffies[1])


def _backend_cpu(database: str) -> dict[int, float]:
    """CPU seconds so far of each server process serving `database` (its title names it:
    "postgres: 15/main: user database host state")."""
    found: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            title = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not title.startswith("postgres:") or f" {database} " not in title:
                continue
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    return found


class DatabaseCpu:
    """The CPU of the backends serving one database between start() and stop(), where the server's
    other databases (other people's tests on a shared server) do not count. A thread samples every
    SAMPLE_SECONDS: a backend that ends between two samples loses its time since the earlier one."""

    SAMPLE_SECONDS = 0.1

    def __init__(self, database: str) -> None:
        self.database = database
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stopped = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self) -> None:
        self._first = _backend_cpu(self.database)
        self._last = dict(self._first)
        self._stopped.clear()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stopped.wait(self.SAMPLE_SECONDS):
            self._last.update(_backend_cpu(self.database))

    def stop(self) -> float:
        """CPU seconds of the database's backends since start()."""
        self._stopped.set()
        if self._sampler:
            self._sampler.join()
        self._last.update(_backend_cpu(self.database))
        return sum(cpu - self._first.get(pid, 0.0) for pid, cpu in self._last.items())
