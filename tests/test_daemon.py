"""`aggregator run` as a real process: it collects and publishes, and SIGTERM stops it cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from aggregator.config import load_config
from aggregator.demo import PartnerWeb


def test_daemon_collects_publishes_and_stops_on_sigterm(demo_config: Path, partner_web: PartnerWeb) -> None:
    feed = demo_config.parent / "public" / "feed.atom"
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "--config", str(demo_config), "-v", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline
            and len(feedparser.parse(feed.read_bytes()).entries if feed.exists() else []) < 25
        ):
            time.sleep(0.2)
        assert len(feedparser.parse(feed.read_bytes()).entries) >= 25
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert f"pass sources={len(load_config(demo_config).sources)}" in stderr
    assert "stopping after the pass in flight" in stderr
