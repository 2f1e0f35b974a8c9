"""The command's failures are one line each, never a traceback or a surprise: a closed pipe, a
bad or busy port, `--config` after the command, read-only commands on a missing database, and
config mistakes `check` must catch."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.cli import main
from tests.configs import config_text, make_config

SOURCES = [{"id": f"partner-{n}", "url": f"http://127.0.0.1:9/feed-{n}.xml"} for n in range(200)]


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command with its stdout a pipe nobody reads any more (like `| head` after its lines)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "aggregator", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("extra", [[], ["--json"]], ids=["table", "json"])
def test_status_into_a_closed_pipe_ends_quietly(tmp_path: Path, extra: list[str]) -> None:
    make_config(tmp_path, SOURCES, write=True)
    config = str(tmp_path / "sources.yaml")
    assert main(["--config", config, "migrate"]) == 0
    result = run_into_closed_pipe("--config", config, "status", *extra)
    assert result.stderr == "", result.stderr
    assert result.returncode in (0, 141)


def test_a_port_out_of_range_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_config(tmp_path, SOURCES[:1], write=True)
    with pytest.raises(SystemExit) as ended:
        main(["--config", str(tmp_path / "sources.yaml"), "serve", "--port", "99999"])
    assert ended.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "99999" in captured.err and "65535" in captured.err, captured.err


def test_serve_on_a_busy_port_is_one_line_and_never_says_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_config(tmp_path, SOURCES[:1], write=True)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--config", str(tmp_path / "sources.yaml"), "serve", "--port", str(port)])
    captured = capsys.readouterr()
    assert code != 0
    assert "serving" not in captured.out, captured.out
    assert captured.err.count("\n") == 1 and str(port) in captured.err and "in use" in captured.err, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "{config}", "check"],
        ["check", "--config", "{config}"],
        ["-v", "check", "--config", "{config}"],
        ["check", "--config", "{config}", "-v"],
    ],
)
def test_config_is_accepted_before_and_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    make_config(tmp_path, SOURCES[:3], write=True)
    config = str(tmp_path / "sources.yaml")
    assert main([arg.format(config=config) for arg in argv]) == 0
    assert "ok, 3 sources" in capsys.readouterr().out


def test_the_default_config_is_used_when_none_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_config(tmp_path, SOURCES[:2], write=True)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert "ok, 2 sources" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["check"], ["status"], ["status", "--json"]])
def test_read_only_commands_never_create_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    make_config(tmp_path, SOURCES[:2], write=True)
    assert main(["--config", str(tmp_path / "sources.yaml"), *command]) == 0
    assert not (tmp_path / "db.sqlite").exists()
    captured = capsys.readouterr()
    if command[0] == "status":
        assert "no database yet" in captured.err and "nothing collected" in captured.err, captured.err


def test_status_on_a_missing_database_still_lists_the_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_config(tmp_path, SOURCES[:2], write=True)
    assert main(["--config", str(tmp_path / "sources.yaml"), "status"]) == 0
    out = capsys.readouterr().out
    assert "partner-0" in out and "partner-1" in out and "never fetched" in out


def test_status_without_a_database_and_without_auto_migrate_asks_for_migrate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_config(tmp_path, SOURCES[:2], write=True, auto_migrate=False)
    assert main(["--config", str(tmp_path / "sources.yaml"), "status"]) == 1
    err = capsys.readouterr().err
    assert "no database yet" in err and "run `aggregator migrate`" in err and err.count("\n") == 1, err
    assert not (tmp_path / "db.sqlite").exists()


def check_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], sources: str) -> str:
    (tmp_path / "sources.yaml").write_text(config_text(tmp_path, sources), encoding="utf-8")
    assert main(["--config", str(tmp_path / "sources.yaml"), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


def test_an_address_without_a_host_fails_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = check_error(tmp_path, capsys, "  - id: a\n    url: https://\n")
    assert ":7: sources[0].url:" in err and "host" in err, err


def test_one_address_under_two_ids_fails_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = (
        "  - id: a\n    url: https://partner.org/feed\n"
        "  - id: b\n    url: https://partner.org/news\n"
        "  - id: c\n    url: https://Partner.org/feed/\n"
    )
    err = check_error(tmp_path, capsys, sources)
    assert ":11: sources[2].url:" in err and "'a'" in err and "line 7" in err, err


def test_a_bad_css_selector_is_one_short_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = "  - id: a\n    url: https://partner.org/\n    type: html\n    select: {item: 'div[', title: h2}\n"
    err = check_error(tmp_path, capsys, sources)
    assert ":9: sources[0].select.item:" in err and "div[" in err and len(err) - len(str(tmp_path)) < 150, err
