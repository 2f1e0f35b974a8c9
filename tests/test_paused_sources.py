"""`enabled: false`: a paused source is not collected, never flagged failing or quiet, and keeps its stories."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.collect import collect_pass
from aggregator.config import ConfigError
from aggregator.models import Config, SiteInfo, SourceConfig, SourceStatus
from aggregator.pipeline import publish_outputs
from aggregator.publish.staff import partner_view
from aggregator.store import Store
from tests.configs import config_text, make_config
from tests.hostile import RSS, HostileServer, body, status


def paused(config: Config, source_id: str) -> Config:
    sources = tuple(dataclasses.replace(s, enabled=s.id != source_id and s.enabled) for s in config.sources)
    return dataclasses.replace(config, sources=sources)


def test_the_config_accepts_enabled_and_checks_its_type(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, [{"id": "a", "url": "https://a.org/feed", "enabled": False}, {"id": "b", "url": "https://b.org/"}]
    )
    assert [source.enabled for source in config.sources] == [False, True]
    with pytest.raises(ConfigError, match=r"sources\[0\]\.enabled: must be true or false"):
        make_config(tmp_path, [{"id": "a", "url": "https://a.org/feed", "enabled": "off"}])
    (tmp_path / "sources.yaml").write_text(
        config_text(tmp_path, [{"id": "a", "url": "https://a.org/feed", "enabled": False}]), encoding="utf-8"
    )
    assert main(["--config", str(tmp_path / "sources.yaml"), "check"]) == 0


def test_a_paused_source_is_never_fetched(tmp_path: Path) -> None:
    with HostileServer({"/on": body(RSS), "/off": body(RSS)}) as server:
        sources = [
            {"id": "on", "url": server.url("/on"), "type": "feed"},
            {"id": "off", "url": server.url("/off"), "type": "feed", "enabled": False},
        ]
        config = make_config(tmp_path, sources)
        store = Store(config.database)
        store.create_schema()
        every = asyncio.run(collect_pass(config, store, everything=True))
        due = asyncio.run(collect_pass(config, store, now=lambda: datetime.now(UTC) + timedelta(days=1)))
        named = asyncio.run(collect_pass(config, store, only=["off"]))
    assert [report.source_id for report in every.reports] == ["on"]
    assert [report.source_id for report in due.reports] == ["on"]
    assert not named.reports
    assert "/off" not in server.hits


def test_pausing_keeps_the_stories_and_staff_see_paused_not_failing(tmp_path: Path) -> None:
    with HostileServer({"/feed": body(RSS)}) as server:
        config = make_config(tmp_path, [{"id": "cag", "name": "Centralasiengrupperna", "url": server.url("/feed")}])
        store = Store(config.database)
        store.create_schema()
        asyncio.run(collect_pass(config, store, everything=True))
        server.routes["/feed"] = status(500)
        asyncio.run(collect_pass(config, store, everything=True))  # now failing
    publish_outputs(paused(config, "cag"), store)
    feed = (config.output_dir / "feed.atom").read_text("utf-8")
    assert "<entry>" in feed  # the story collected before the pause is still republished
    staff = (config.staff_settings.output_dir / "index.html").read_text("utf-8")
    assert '<span class="badge paused">paused</span>' in staff
    assert "badge failing" not in staff and "Needs attention" not in staff
    assert "1 paused" in staff


def test_a_paused_partner_is_neither_failing_quiet_nor_waiting_for_a_first_fetch() -> None:
    now = datetime(2026, 12, 7, tzinfo=UTC)
    source = SourceConfig("cag", "Centralasiengrupperna", "https://cag.example.se/feed", enabled=False)
    site = SiteInfo("News", "https://news.example.se/", now, (source,), quiet_days=30)
    old_failure = SourceStatus(
        id="cag",
        name=source.name,
        url=source.url,
        fetch_url=None,
        last_fetch_at=now - timedelta(days=90),
        outcome="timeout",
        error_message="read timed out",
        http_status=None,
        consecutive_failures=4,
        last_success_at=now - timedelta(days=100),
        next_check_at=now - timedelta(days=89),
        items_total=12,
        newest_item_at=now - timedelta(days=120),
    )
    for known in (old_failure, None):
        partner = partner_view(site, source, known, None)
        assert partner.problems == ["paused"] and partner.failure is None and partner.quiet_for is None


def test_status_says_a_source_is_paused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(config_text(tmp_path, [{"id": "off", "url": "https://a.org/feed", "enabled": False}]), "utf-8")
    assert main(["--config", str(path), "status"]) == 0
    assert "off: paused (enabled: false in" in capsys.readouterr().out
