"""`aggregator serve` as a real process: the published files, /healthz and /staff/ over HTTP;
and `aggregator staff-password`, which makes the hash /staff/ asks for."""

from __future__ import annotations

import base64
import getpass
import io
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.demo import PartnerWeb
from aggregator.publish.files import write_set
from aggregator.staff_auth import verify_password
from tests.waiting import get_once_up

STAFF_PAGE = b"<!DOCTYPE html><title>Staff</title><p>every partner's health, staff only\n"


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


def test_serve_without_a_staff_password_serves_no_staff_pages_and_says_how(
    demo_config: Path, partner_web: PartnerWeb
) -> None:
    assert main(["--config", str(demo_config), "run", "--once"]) == 0
    staff_dir = load_config(demo_config).staff_settings.output_dir
    write_set(staff_dir, {"index.html": STAFF_PAGE})
    log: list[str] = []
    with serving(demo_config, stderr_lines=log) as base:
        for path in ("/staff/", "/staff", "/staff/index.html"):
            response = httpx.get(base + path, timeout=5)
            assert response.status_code == 404 and b"staff only" not in response.content
        assert httpx.get(base + "/feed.atom", timeout=5).status_code == 200
    notices = [line for line in log if "staff pages" in line]
    assert len(notices) == 1, log
    assert "not served" in notices[0] and "aggregator staff-password" in notices[0]
    assert "AGGREGATOR_STAFF_PASSWORD_HASH" in notices[0]


def test_serve_with_a_staff_password_asks_for_it(demo_config: Path, partner_web: PartnerWeb) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "aggregator", "staff-password"],
        input="open sesame\n",
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert made.returncode == 0, made.stderr
    staff_dir = demo_config.parent / "staff-pages"
    with demo_config.open("a", encoding="utf-8") as file:
        file.write(f"staff: {{output_dir: '{staff_dir}', password_hash: '{made.stdout.strip()}'}}\n")
    assert main(["--config", str(demo_config), "run", "--once"]) == 0
    write_set(staff_dir, {"index.html": STAFF_PAGE})
    log: list[str] = []
    with serving(demo_config, stderr_lines=log) as base:
        assert httpx.get(base + "/staff/", timeout=5).status_code == 401
        wrong = "Basic " + base64.b64encode(b"staff:open sesam").decode()
        assert httpx.get(base + "/staff/", headers={"Authorization": wrong}, timeout=5).status_code == 401
        right = "Basic " + base64.b64encode(b"staff:open sesame").decode()
        assert httpx.get(base + "/staff/", headers={"Authorization": right}, timeout=5).content == STAFF_PAGE
    assert not [line for line in log if "not served" in line]


# --- aggregator staff-password ---------------------------------------------------------------


def test_staff_password_from_stdin_prints_a_hash_that_verifies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Жалал-Абад 2026\nsecond line ignored\n"))
    assert main(["staff-password"]) == 0
    out, err = capsys.readouterr()
    stored = out.strip()
    assert out.count("\n") == 1 and stored.startswith("scrypt$16384$8$1$")
    assert verify_password("Жалал-Абад 2026", stored) and not verify_password("Жалал-Абад 2026\n", stored)
    assert "password_hash" in err and "AGGREGATOR_STAFF_PASSWORD_HASH" in err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_staff_password_on_a_terminal_asks_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["s3cret pass", "s3cret pass"])
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    assert main(["staff-password"]) == 0
    assert len(prompts) == 2
    assert verify_password("s3cret pass", capsys.readouterr().out.strip())


def test_staff_password_refuses_two_different_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["one", "two"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main(["staff-password"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "differ" in err


@pytest.mark.parametrize("given", ["", "\n", "\r\n"])
def test_staff_password_refuses_an_empty_one(given: str) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "aggregator", "staff-password"], input=given, capture_output=True, text=True, timeout=30
    )
    assert made.returncode == 2
    assert made.stdout == "" and made.stderr.count("\n") == 1 and "empty" in made.stderr


@contextmanager
def serving(config: Path, *, stderr_lines: list[str] | None = None) -> Iterator[str]:
    """`aggregator serve` on a free port, as a real process; yields its base URL once it answers.
    Its stderr lines are added to `stderr_lines` once it has stopped."""
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
        _, err = process.communicate(timeout=10)
        if stderr_lines is not None:
            stderr_lines.extend(err.splitlines())
