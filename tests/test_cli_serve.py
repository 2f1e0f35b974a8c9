"""`aggregator serve` as a real process: the published files and /healthz over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from aggregator.cli import main
from aggregator.demo import PartnerWeb


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_command_serves_feeds_and_health(demo_config: Path, partner_web: PartnerWeb) -> None:
    assert main(["--config", str(demo_config), "run", "--once"]) == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "--config", str(demo_config), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, process.stderr.read() if process.poll() is not None else "no answer"
                time.sleep(0.2)
        assert health.status_code == 200, health.text
        feed = httpx.get(f"{base}/feed.atom", timeout=5)
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
        again = httpx.get(f"{base}/feed.atom", headers={"If-None-Match": feed.headers["etag"]}, timeout=5)
        assert again.status_code == 304
    finally:
        process.terminate()
        process.wait(timeout=10)
