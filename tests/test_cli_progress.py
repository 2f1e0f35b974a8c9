"""Watching a pass: `collect` on a terminal draws a progress line in place and ends with a summary
line; under cron (no terminal) it says nothing on success; -v logs each source as it finishes;
when every source fails the same network-like way, one line names our side as the likely cause."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.collect import PassReport, SourceReport
from aggregator.progress import PassCounts, progress_line, shared_failure, summary_line
from tests.configs import make_config
from tests.hostile import HostileServer, Route, send, status

PARTNERS = 8


def slow_feed(number: int) -> Route:
    """A feed of two stories of its own, answered after a moment (for the line to be redrawn)."""
    items = "".join(
        f"<item><title>Partner {number} story {n}</title><link>http://partner{number}.org/{n}</link></item>"
        for n in range(2)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>P{number}</title>{items}</channel></rss>'

    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.15)
        send(handler, 200, body.encode(), {"Content-Type": "application/rss+xml"})

    return route


@pytest.fixture
def partners() -> Iterator[HostileServer]:
    routes = {f"/feed-{n}.xml": slow_feed(n) for n in range(PARTNERS)}
    routes["/broken.xml"] = status(500)
    with HostileServer(routes) as server:
        yield server


def write_config(folder: Path, server: HostileServer, *, broken: bool = True) -> Path:
    sources = [{"id": f"partner-{n}", "url": server.url(f"/feed-{n}.xml")} for n in range(PARTNERS)]
    if broken:
        sources.append({"id": "broken", "url": server.url("/broken.xml")})
    make_config(folder, sources, write=True)
    return folder / "sources.yaml"


def run_in_terminal(*args: str, timeout: float = 60) -> str:
    """Run the command with a pseudo-terminal as its stdin, stdout and stderr; all it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "200"},
    )
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=10) == 0, output.decode(errors="replace")
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    return output.decode("utf-8", errors="replace")


def test_a_pass_on_a_terminal_shows_progress_in_place_and_a_summary(tmp_path: Path, partners: HostileServer) -> None:
    config = write_config(tmp_path, partners)
    output = run_in_terminal("--config", str(config), "collect")
    due = PARTNERS + 1
    drawn = [part.split("\r")[0] for part in output.split("\r\x1b[K")[1:] if part.startswith("collecting:")]
    assert len(drawn) >= 2, output
    done = [int(line.split()[1].split("/")[0]) for line in drawn]
    assert done == sorted(done) and done[-1] == due and done[0] < due, drawn
    assert all(f"/{due} sources" in line and "sources/s" in line for line in drawn), drawn
    assert any(" 1 failing" in line for line in drawn), drawn
    # What stays on the screen: each line's text after its last redraw.
    lines = [line.split("\r\x1b[K")[-1].strip("\r") for line in output.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    assert lines[-1] == f"{due} sources, {2 * PARTNERS} new stories, 1 failing", output
    assert any(line.startswith("broken: HTTP 500") for line in lines), output


def test_without_a_terminal_a_successful_pass_prints_nothing(tmp_path: Path, partners: HostileServer) -> None:
    config = write_config(tmp_path, partners, broken=False)
    result = subprocess.run(
        [sys.executable, "-m", "aggregator", "--config", str(config), "collect"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_verbose_logs_each_source_as_it_finishes(tmp_path: Path, partners: HostileServer) -> None:
    config = write_config(tmp_path, partners)
    result = subprocess.run(
        [sys.executable, "-m", "aggregator", "--config", str(config), "collect", "-v"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    finished = [line for line in result.stderr.splitlines() if "finished source=" in line]
    assert sorted(line.split("finished source=")[1].split()[0] for line in finished) == sorted(
        ["broken", *(f"partner-{n}" for n in range(PARTNERS))]
    ), result.stderr
    assert "\x1b[K" not in result.stderr  # no terminal, no progress line


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_when_every_source_fails_alike_one_line_names_our_side_and_the_real_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    hosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    sources = [{"id": f"site-{n}", "url": f"http://{host}:{port}/feed.xml"} for n, host in enumerate(hosts)]
    make_config(tmp_path, sources, write=True)
    assert main(["--config", str(tmp_path / "sources.yaml"), "collect"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "all 3 sources failed" in err and "our side" in err and "network" in err, err
    assert "Cannot connect to host" in err, err  # the real error, not only "robots.txt could not be read"


def report(*sources: SourceReport) -> PassReport:
    return PassReport(tuple(sources), 1.0)


def refused(source_id: str, kind: str = "connection failed", message: str = "Cannot connect") -> SourceReport:
    return SourceReport(source_id, "error", kind, message)


HOSTS = {"a": "a.org", "b": "b.org", "c": "c.org", "a2": "a.org"}


@pytest.mark.parametrize(
    ("sources", "blamed"),
    [
        pytest.param([refused("a"), refused("b"), refused("c")], True, id="all-alike"),
        pytest.param([refused("a"), refused("b"), SourceReport("c", "ok")], False, id="one-worked"),
        pytest.param([refused("a"), refused("b", "timeout")], False, id="different-errors"),
        pytest.param([refused("a"), refused("a2")], False, id="one-host"),
        pytest.param([refused("a", "HTTP error"), refused("b", "HTTP error")], False, id="the-sites-answered"),
        pytest.param(
            [refused(site, "robots.txt unavailable", "robots.txt answered HTTP 503") for site in ("a", "b")],
            False,
            id="robots-answered-5xx",
        ),
        pytest.param(
            [refused(site, "robots.txt unavailable", "robots.txt unreachable (timeout)") for site in ("a", "b")],
            True,
            id="robots-unreachable",
        ),
    ],
)
def test_our_side_is_blamed_only_when_every_site_failed_alike(sources: list[SourceReport], blamed: bool) -> None:
    line = shared_failure(report(*sources), HOSTS)
    assert (line is not None) == blamed
    if line:
        assert sources[0].error_message in line and str(len(sources)) in line


def test_the_lines_say_what_was_done() -> None:
    assert progress_line(PassCounts(due=300, done=120, new=45, failing=3), 10.0) == (
        "collecting: 120/300 sources, 45 new stories, 3 failing, 12.0 sources/s"
    )
    done = report(SourceReport("a", "ok", new=4), SourceReport("b", "not_modified"), refused("c"))
    assert summary_line(done) == "3 sources, 4 new stories, 1 failing"
