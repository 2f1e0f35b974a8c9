"""Parsing off the event loop: worker processes, each document within a time limit.

Parsing and cleaning are CPU work; on the event loop, one 100,000-deep HTML page once held every
other source still for 23 s, and a partner answering in 12 s was recorded as a timeout. A thread
would let the loop run, but cannot be stopped: a pathological page would go on taking a core
(and the GIL) after its source gave up on it. A process can be killed, so here each document
runs in a worker process, and one over its time limit has its worker killed and replaced.
bench/parse_pool.py measured the choice (inline, threads, processes).

Workers are forked from a forkserver that imported the parsers and loaded the language model
once (`aggregator.parse_warm`): a new worker is ready in milliseconds and shares the model's
pages with its siblings instead of loading ~85 MB each. The forkserver itself starts from a
clean interpreter, so forking never copies the threads or sockets of the collecting process.

The daemon, `run --once` and the procrastinate workers all collect through `collect_source` or
`collect_pass`, which use the one pool of the process (`shared_pool`): it is started at the first
document and lives as long as the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

# Worker processes: documents parsed at once. Beyond the cores there is nothing to gain, and each
# worker's own heap (a parsed page, its soup) is what grows memory.
WORKERS = max(1, min(4, os.cpu_count() or 1))
PRELOAD = ["aggregator.parse_warm"]


class TooSlowToParseError(Exception):
    """The document was not understood within its time limit; its worker was stopped."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"document took over {limit:g} s to parse")


class ParserDiedError(Exception):
    """The worker process ended in the middle of the document (out of memory, a crash in C)."""

    def __init__(self) -> None:
        super().__init__("the parsing process died on this document")


class _Worker:
    """One worker process, running one document at a time, so that killing it for one document
    never takes another source's document with it."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self.pid: int | None = None

    async def start(self) -> None:
        """Start the process and learn its id, to kill it should a document overrun. The first
        start in a process also starts the forkserver (a second or two, the model loading): that
        is not the document's time."""
        if self.pid is None:
            self.pid = await asyncio.wrap_future(self.executor.submit(os.getpid))

    async def run(self, call: Callable[..., T], args: tuple[Any, ...]) -> T:
        return await asyncio.wrap_future(self.executor.submit(call, *args))

    def kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
                os.kill(self.pid, signal.SIGKILL)
        self.executor.shutdown(wait=False, cancel_futures=True)


class ParsePool:
    """`run(limit, call, *args)`: `call(*args)` in a worker process, within `limit` seconds of
    the worker starting on it. Waiting for a free worker does not count against the limit."""

    def __init__(self, workers: int = WORKERS, *, method: str = "forkserver") -> None:
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(PRELOAD)
        self._idle = [_Worker(self._context) for _ in range(workers)]
        self._size = workers
        self._free: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.replaced = 0  # workers killed and replaced, for benchmarks and tests

    async def run(self, limit: float, call: Callable[..., T], *args: Any) -> T:
        async with self._turn():
            worker = self._idle.pop()
            try:
                await worker.start()
                result = await asyncio.wait_for(worker.run(call, args), limit)
            except TimeoutError:
                self._replace(worker)
                raise TooSlowToParseError(limit) from None
            except BrokenProcessPool:
                self._replace(worker)
                raise ParserDiedError() from None
            except asyncio.CancelledError:
                # The source was given up on (its job cancelled): the document may still be
                # running, and a worker is never handed on busy.
                self._replace(worker)
                raise
            self._idle.append(worker)
            return result

    def pids(self) -> list[int]:
        """The idle workers' process ids, for benchmarks to read their CPU time and memory."""
        return [worker.pid for worker in self._idle if worker.pid is not None]

    def close(self) -> None:
        for worker in self._idle:
            worker.executor.shutdown(wait=True, cancel_futures=True)
        self._idle = []

    def _turn(self) -> asyncio.Semaphore:
        # A semaphore belongs to one event loop; `asyncio.run` twice in a process (tests,
        # `run --once` then publishing) makes a new loop, and the pool outlives it.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._free = loop, asyncio.Semaphore(self._size)
        assert self._free is not None
        return self._free

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._idle.append(_Worker(self._context))
        self.replaced += 1


_shared: ParsePool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ParsePool:
    """The process's pool, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ParsePool()
        return _shared
