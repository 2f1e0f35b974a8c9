"""`aggregator run` as a real process: it collects and publishes, and SIGTERM stops it cleanly."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest

from aggregator.config import load_config
from aggregator.demo import PartnerWeb
from aggregator.pipeline import open_store
from aggregator.schedule import run_daemon


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


def test_daemon_outlives_a_failing_publish_and_publishes_once_it_can(
    demo_config: Path, partner_web: PartnerWeb, caplog: pytest.LogCaptureFixture
) -> None:
    """A full disk or a read-only folder is one log line per attempt; collecting goes on, and the
    first tick after the cause is gone publishes."""
    config = load_config(demo_config)
    config.output_dir.write_text("a file where the output folder must go")
    store = open_store(config)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def operator() -> None:  # clears the cause after two failed publishes, stops after success
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum("publish" in r.getMessage() for r in caplog.records) < 2:
            time.sleep(0.05)
        config.output_dir.unlink()
        while time.monotonic() < deadline and not (config.output_dir / "feed.atom").exists():
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=operator)
    thread.start()
    try:
        with caplog.at_level(logging.INFO):
            run_daemon(config, store, tick_seconds=0.3)
    finally:
        thread.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        store.close()
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) >= 2 and all("cannot write" in r.getMessage() and not r.exc_info for r in failures)
    assert store.last_collection_at() is not None  # collected while publishing failed
    assert len(feedparser.parse((config.output_dir / "feed.atom").read_bytes()).entries) >= 25
