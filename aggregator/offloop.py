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
document and lives as long as the process. Workers end with it: daemonic, they are stopped at
its exit, and should it be killed they read the end of their pipe and return.

As with any multiprocessing start method but fork, a script that collects must keep its own
work under `if __name__ == "__main__":`: a new worker imports the script's module again (the
`aggregator` command and `python -m aggregator` are fine).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from aggregator.errors import AggregatorError

T = TypeVar("T")

# Worker processes: documents parsed at once. Beyond the cores there is nothing to gain, and each
# worker's own heap (a parsed page, its soup) is what grows memory.
WORKERS = max(1, min(4, os.cpu_count() or 1))
PRELOAD = ["aggregator.parse_warm"]
# A worker whose memory grew this much over its start retires after its answer: a 17 MB feed of
# 100,000 items left one at 287 MB from 112, and Python keeps what it once used.
RETIRE_AFTER_GROWTH_MB = 128


class TooSlowToParseError(AggregatorError):
    """The document was not understood within its time limit; its worker was stopped."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"document took over {limit:g} s to parse")


class ParserDiedError(AggregatorError):
    """The worker process ended in the middle of the document (out of memory, a crash in C)."""

    def __init__(self) -> None:
        super().__init__("the parsing process died on this document")


class _Worker:
    """One worker process and the pipe to it, one document at a time: killing it for one
    document never takes another source's document with it. The pipe is read when the event
    loop sees it readable; no thread stands between (a ProcessPoolExecutor's two threads per
    call cost ~0.5 ms of CPU per document more, bench/parse_pool.py)."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self._context = context
        self.process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None

    async def start(self) -> None:
        """Start the process, in a thread: the first start in a process also starts the
        forkserver (a second or so, the model loading), which must not hold the event loop, nor
        count against a document's time."""
        if self.process is None:
            await asyncio.to_thread(self._start)

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs,), daemon=True, name="aggregator-parse")
        process.start()
        theirs.close()
        self.process, self._pipe = process, ours

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    async def run(self, call: Callable[..., T], args: tuple[Any, ...]) -> tuple[bool, Any, bool]:
        """(True, what `call` returned, retiring) or (False, the exception it raised, retiring);
        `retiring`: the worker grew too big and wants replacing."""
        assert self._pipe is not None
        pipe = self._pipe
        pipe.send((call, args))
        loop = asyncio.get_running_loop()
        answered = loop.create_future()
        loop.add_reader(pipe.fileno(), lambda: answered.done() or answered.set_result(None))
        try:
            await answered
        finally:
            loop.remove_reader(pipe.fileno())
        try:
            return pipe.recv()  # type: ignore[no-any-return]
        except EOFError:  # the process ended without an answer
            raise ParserDiedError() from None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(1)  # reaped, not left a zombie
        if self._pipe is not None:
            self._pipe.close()


def _serve(pipe: Connection) -> None:
    """A worker's life: calls from the pipe, answers into it, until the collector hangs up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the collector's to handle
    start = _resident_mb()
    while True:
        try:
            call, args = pipe.recv()
        except EOFError:
            return
        try:
            answer: tuple[bool, object] = (True, call(*args))
        except Exception as error:  # the collector records it as the source's failure
            answer = (False, error)
        retiring = _resident_mb() - start > RETIRE_AFTER_GROWTH_MB
        try:
            pipe.send((*answer, retiring))
        except Exception as error:  # an answer that cannot be pickled
            pipe.send((False, RuntimeError(f"{type(error).__name__}: {error}"), retiring))


def _resident_mb() -> float:
    """This process's resident memory (Linux; elsewhere 0, and a worker never retires)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


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
                done, value, retiring = await asyncio.wait_for(worker.run(call, args), limit)
            except TimeoutError:
                self._replace(worker)
                raise TooSlowToParseError(limit) from None
            except BaseException:
                # Died, or the source was given up on (its job cancelled) with the document
                # perhaps still running: a worker in doubt is never handed on.
                self._replace(worker)
                raise
            if retiring:
                self._replace(worker)
            else:
                self._idle.append(worker)
            if done:
                return value  # type: ignore[no-any-return]
            raise value  # type: ignore[misc]  # the call's own exception, as it raised it

    def pids(self) -> list[int]:
        """The idle workers' process ids, for benchmarks to read their CPU time and memory."""
        return [worker.pid for worker in self._idle if worker.pid is not None]

    def close(self) -> None:
        for worker in self._idle:
            worker.kill()
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


def started_pool() -> ParsePool | None:
    """The process's pool if anything started it (benchmarks read its workers' CPU time)."""
    return _shared


def shared_pool() -> ParsePool:
    """The process's pool, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ParsePool()
        return _shared
