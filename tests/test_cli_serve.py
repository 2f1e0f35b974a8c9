"""`aggregator serve` as a real process: the published files and /healthz over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from aggregator.cli import main
from aggregator.demo import PartnerWeb
from tests.waiting import get_once_up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_command_serves_feeds_and_health(demo_config: Path, partner_web: PartnerWeb) -> None:
    assert main(["--config", str(demo_config), "run", "--once"]) == 0
    with serving(demo_config) as base:
        health = httpx.get(f"{base}/healthz", timeout=5)
        assert health.status_code == 200, health.text
        feed = httpx.get(f"{base}/feed.atom", timeout=5)
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
        again = httpx.get(f"{base}/feed.atom", headers={"If-None-Match": feed.headers["etag"]}, timeout=5)
        assert again.status_code == 304


def test_a_failed_publish_is_one_line_keeps_the_old_files_and_turns_health_red(
    demo_config: Path, partner_web: PartnerWeb, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(demo_config), "run", "--once"]) == 0
    public = demo_config.parent / "public"
    old_feed = (public / "feed.atom").read_bytes()
    (public / "en").rename(demo_config.parent / "en-aside")
    (public / "en").write_text("a file where publishing needs a folder")
    capsys.readouterr()
    assert main(["--config", str(demo_config), "publish"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("publish error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert (public / "feed.atom").read_bytes() == old_feed

    with serving(demo_config) as base:
        health = httpx.get(f"{base}/healthz", timeout=5)
        assert health.status_code == 503 and "publish_error" in health.json(), health.text
        assert httpx.get(f"{base}/feed.atom", timeout=5).content == old_feed  # the old set is served
        (public / "en").unlink()
        assert main(["--config", str(demo_config), "publish"]) == 0
        health = httpx.get(f"{base}/healthz", timeout=5)
        assert health.status_code == 200 and not health.json().get("publish_error"), health.text


@contextmanager
def serving(config: Path) -> Iterator[str]:
    """`aggregator serve` on a free port, as a real process; yields its base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "--config", str(config), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        get_once_up(f"{base}/healthz", process=process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
