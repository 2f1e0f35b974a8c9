"""Waiting for a server the tests started: a GET retried while nothing answers yet."""

from __future__ import annotations

import subprocess
import time

import httpx


def get_once_up(url: str, *, within: float = 20, process: subprocess.Popen[str] | None = None) -> httpx.Response:
    """GET `url`, retried while the connection is refused (a server starting, a cap lifting),
    for at most `within` seconds; fails at once, with its stderr, when `process` has ended."""
    deadline = time.monotonic() + within
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if process is not None and process.poll() is not None:
                raise AssertionError(f"the server ended: {process.stderr.read() if process.stderr else ''}") from None
            assert time.monotonic() < deadline, f"{url} did not answer within {within:g} s"
            time.sleep(0.1)
