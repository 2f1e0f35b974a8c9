"""The fetch log: pruned by age (`keep_fetches`) after each pass, and one source's recent
fetches shown by `status SOURCE`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from aggregator.cli import main
from aggregator.clock import utc_now
from aggregator.config import load_config
from aggregator.models import FetchResult, PassRecord
from aggregator.pipeline import open_store
from aggregator.store import fetches
from tests import hostile
from tests.configs import config_text


@pytest.fixture
def web() -> Iterator[hostile.HostileServer]:
    with hostile.HostileServer({"/feed.xml": hostile.body(hostile.RSS), "/other.xml": hostile.status(404)}) as server:
        yield server


def write_config(folder: Path, web: hostile.HostileServer, **settings: object) -> Path:
    sources = [{"id": "alpha", "url": web.url("/feed.xml")}, {"id": "beta", "url": web.url("/other.xml")}]
    path = folder / "sources.yaml"
    path.write_text(config_text(folder, sources, **settings), encoding="utf-8")
    return path


def fetch_times(path: Path) -> list[object]:
    store = open_store(load_config(path))
    with store.engine.connect() as conn:
        return list(conn.scalars(sa.select(fetches.c.at).order_by(fetches.c.at)))


def test_a_pass_prunes_fetches_and_passes_older_than_keep_fetches(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web, keep_fetches="30d")
    config = load_config(path)
    store = open_store(config)
    store.sync_sources(config.sources)
    now = utc_now()
    alpha = config.source("alpha")
    for days in (400, 31, 29):
        at = now - timedelta(days=days)
        store.record_collection(
            alpha, FetchResult(url=alpha.url, outcome="not_modified", status=304), [], now=at, fetch_url=None
        )
        store.record_pass(PassRecord(at, 1.0, 1, 0, 0))
    assert main(["--config", str(path), "collect", "--all"]) == 0
    left = fetch_times(path)
    assert len(left) == 3  # the 29-day-old one and this pass's two
    assert min(left) > now - timedelta(days=30)
    with store.engine.connect() as conn:
        passes_left = conn.scalar(sa.text("SELECT count(*) FROM passes"))
    assert passes_left == 2  # the 29-day-old pass and this one
    assert store.last_pass().sources == 2


def test_keep_fetches_defaults_to_90_days(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert load_config(path).keep_fetches == timedelta(days=90)
    config = load_config(path)
    store = open_store(config)
    store.sync_sources(config.sources)
    alpha = config.source("alpha")
    for days in (91, 89):
        at = utc_now() - timedelta(days=days)
        store.record_collection(alpha, FetchResult(url=alpha.url, outcome="ok", status=200), [], now=at, fetch_url=None)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    assert len(fetch_times(path)) == 3


def test_status_source_shows_its_last_fetches_newest_first(
    tmp_path: Path, web: hostile.HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    web.routes["/feed.xml"] = hostile.status(503)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    capsys.readouterr()
    assert main(["--config", str(path), "status", "alpha"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0].startswith("SOURCE") and out[1].startswith("alpha") and not any(line.startswith("beta") for line in out)
    )
    start = out.index("last 2 fetches (newest first; kept 90d):")
    header, newest, oldest = out[start + 1 : start + 4]
    assert header.split() == ["TIME", "(UTC)", "OUTCOME", "STATUS", "BYTES", "DURATION", "ERROR"]
    assert newest.split()[2:4] == ["error", "503"] and "HTTP 503" in newest
    assert oldest.split()[2:5] == ["ok", "200", str(len(hostile.RSS))] and oldest.split()[5].endswith("s")


def test_status_source_shows_twenty_and_tames_a_servers_error_text(
    tmp_path: Path, web: hostile.HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, web)
    config = load_config(path)
    store = open_store(config)
    store.sync_sources(config.sources)
    beta = config.source("beta")
    now = utc_now()
    for minutes in range(25, 0, -1):
        failed = FetchResult(
            url=beta.url, outcome="error", error_kind="HTTP 500", error_message=f"#{minutes}\x1b[2J\nboom " + "x" * 300
        )
        store.record_collection(beta, failed, [], now=now - timedelta(minutes=minutes), fetch_url=None)
    capsys.readouterr()
    assert main(["--config", str(path), "status", "beta"]) == 0
    out = capsys.readouterr().out
    rows = out.split("fetches (newest first; kept 90d):\n")[1].splitlines()
    assert len(rows) == 21 and "#1 [2J boom" in rows[1] and "#20 [2J boom" in rows[20]
    assert "\x1b" not in out and all(len(row) < 200 for row in rows)

    assert main(["--config", str(path), "status", "beta", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in document["sources"]] == ["beta"]
    assert len(document["fetches"]) == 20 and document["fetches"][0]["error_kind"] == "HTTP 500"
    assert document["fetches"][0]["at"] > document["fetches"][1]["at"]


def test_status_of_an_unknown_source_is_one_line(
    tmp_path: Path, web: hostile.HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "status", "gamma"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no source with id 'gamma'" in err


def test_status_source_before_any_collection_creates_no_database(
    tmp_path: Path, web: hostile.HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "status", "alpha"]) == 0
    assert "no fetches yet" in capsys.readouterr().out
    assert not (tmp_path / "db.sqlite").exists()
