"""`aggregator demo`: what it publishes can be read where it says, from file:// or served.

Without --serve the output is read from the folders, so every link in it must name a file that
exists there; with --serve the command keeps the output (and /staff/, behind a password it
prints) and the fixture partner web up until Ctrl-C.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import httpx
import pytest
from lxml import etree, html

from aggregator import demo_run
from aggregator.cli import main
from aggregator.demo import FIXTURES
from aggregator.pipeline import open_store

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def file_links(page: Path) -> list[str]:
    """The page's links that stay in the published folders (not to partners' sites or anchors)."""
    tree = html.parse(str(page))
    hrefs = [urljoin(page.as_uri(), href) for href in tree.xpath("//a/@href") if not href.startswith("#")]
    return [href for href in hrefs if href.startswith("file:")]


def test_demo_links_work_from_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "aggregator demo --serve" in out  # the story links' server stopped: said so
    public, staff = tmp_path / "public", tmp_path / "public-staff"
    pages = [public / "index.html", *public.glob("partners/*/index.html"), staff / "index.html"]
    pages += list(staff.glob("partners/*/index.html"))
    checked = 0
    for page in pages:
        for link in file_links(page):
            target = Path(unquote(urlsplit(link).path))
            assert target.is_file(), f"{page} links to {link}, which is no file"
            checked += 1
    assert checked > 20
    assert any(link.endswith("/partners/kobiety/index.html") for link in file_links(public / "index.html"))

    # A partner network at work: partners posting now, one quiet, one failing, charts with bars.
    staff_page = html.parse(str(staff / "index.html"))

    def badges(source_id: str) -> set[str]:
        return {
            b.text.strip().lower()
            for b in staff_page.xpath(f"//*[@id='partner-{source_id}']//*[contains(@class, 'badge')]")
        }

    healthy = ("novi-ritm", "bir-duino", "kobiety", "crd")
    assert all("ok" in badges(source) for source in healthy), {source: badges(source) for source in healthy}
    assert "quiet" in badges("feminita") and "failing" in badges("closed-archive")
    charted = [int(n) for n in re.findall(r"last 12 months: (\d+) in all", (staff / "index.html").read_text("utf-8"))]
    assert len(charted) == 7 and all(charted), charted

    # The published site's own addresses are the folder's: feed readers can open them.
    atom = etree.parse(str(public / "feed.atom"))  # read as written (feedparser drops a slash of file:///)
    assert atom.xpath("/a:feed/a:link[@rel='self']/@href", namespaces=ATOM) == [(public / "feed.atom").as_uri()]
    published = [o.get("xmlUrl") for o in etree.parse(str(public / "sources.opml")).iter("outline")]
    ours = [url for url in published if url and url.startswith("file:")]
    assert ours and all(Path(unquote(urlsplit(url).path)).is_file() for url in ours)


def follow(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """The process's output lines as they come (read in a thread: a pipe's readline cannot time out)."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in iter(stdout.readline, "")], daemon=True).start()
    return lines


def read_until(lines: queue.Queue[str], marker: str, timeout: float = 60) -> str:
    """The output up to the line holding `marker`."""
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        try:
            seen += lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            pytest.fail(f"no {marker!r} in time; output so far:\n{seen}")
    return seen


def test_demo_serve_keeps_serving_until_ctrl_c(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "demo", "--serve", "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines = follow(process)
        out = read_until(lines, "Ctrl-C")
        base = re.search(r"at (http://127\.0\.0\.1:\d+/) and the staff pages", out)
        password = re.search(r"password (\S+)", out)
        partner_web = re.search(r"fixture partner web at (http://127\.0\.0\.1:\d+/)", out)
        assert base and password and partner_web, out
        url = base.group(1)
        page = httpx.get(url)
        assert page.status_code == 200 and "Mobilność pracowników młodzieżowych" in page.text
        feed = feedparser.parse(httpx.get(url + "feed.atom").content)
        assert len(feed.entries) >= 25
        assert next(link.href for link in feed.feed.links if link.rel == "self") == url + "feed.atom"
        assert httpx.get(url + "staff/").status_code == 401
        staff = httpx.get(url + "staff/", auth=("staff", password.group(1)))
        assert staff.status_code == 200 and "blocked by robots.txt" in staff.text
        # The stories' partner web is still up: their sites answer, and a story link (the post
        # itself is not in the fixtures) says what it is instead of a bare "not found".
        assert httpx.get(partner_web.group(1) + "cag/feed.xml").status_code == 200
        story = httpx.get(feed.entries[0].link)
        assert feed.entries[0].link.startswith(partner_web.group(1)) and "Not part of the demo" in story.text

        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        remaining = read_until(lines, "stopped", timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    errors = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, errors
    assert "stopped" in remaining and "Traceback" not in errors, errors
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)


def test_demo_serve_on_a_taken_port_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["demo", "--serve", "--port", str(port)]) == 1
    assert capsys.readouterr().err == f"demo: cannot serve on port {port}: Address already in use\n"


def test_default_port_taken_serves_on_another(tmp_path: Path) -> None:
    config = demo_run.demo_config(
        (FIXTURES / "demo-sources.yaml").read_text(encoding="utf-8"),
        "http://127.0.0.1:9",
        tmp_path / "demo-sources.yaml",
        tmp_path / "public",
    )
    config = dataclasses.replace(config, database=f"sqlite:///{tmp_path / 'demo.db'}")
    store = open_store(config)
    try:
        holder = socket.create_server(("127.0.0.1", demo_run.DEFAULT_PORT))
    except OSError:
        holder = None  # something else holds it already: just as good
    try:
        with demo_run.serving_output(config, store, None) as base:
            assert not base.endswith(f":{demo_run.DEFAULT_PORT}")
            assert httpx.get(base + "/healthz").status_code == 503  # nothing collected: but it answers
    finally:
        if holder:
            holder.close()
