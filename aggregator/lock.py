"""One collection at a time per database on one machine.

Cron may start `run --once` while the last one (or the daemon's pass) is still going. The
second one skips with a log line rather than waiting: a pass that overruns its cron period
would otherwise pile up waiting processes, and the next tick collects what is due anyway.
The lock is an flock on a file beside the SQLite database (or in the temp directory for a
server database), released by the kernel when the process ends, so a crash never leaves it held.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SQLITE_PREFIX = "sqlite:///"


def lock_path(database: str) -> Path:
    if database.startswith(SQLITE_PREFIX) and database != SQLITE_PREFIX + ":memory:":
        return Path(database[len(SQLITE_PREFIX) :] + ".collect.lock")
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"aggregator-{digest}.collect.lock"


@contextmanager
def collection_lock(database: str) -> Iterator[bool]:
    """Yields True when this process holds the lock, False when another collection runs."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
