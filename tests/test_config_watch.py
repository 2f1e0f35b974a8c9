"""The config keys for watching the aggregator: keep_fetches, metrics_textfile, notify."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.config import ConfigError, parse_config
from aggregator.models import Config, NotifySettings

BASE = "title: T\nlink: https://x.org/\nsources:\n  - {id: a, url: 'https://a.org/feed'}\n"


def parse(folder: Path, extra: str) -> Config:
    return parse_config(BASE + extra, folder / "sources.yaml")


def test_defaults_keep_90_days_and_nothing_else(tmp_path: Path) -> None:
    config = parse(tmp_path, "")
    assert config.keep_fetches == timedelta(days=90)
    assert config.metrics_textfile is None and config.notify is None


def test_the_keys_are_read(tmp_path: Path) -> None:
    config = parse(
        tmp_path,
        "keep_fetches: 30d\nmetrics_textfile: textfiles/aggregator.prom\n"
        "notify: {webhook: 'https://hooks.example.org/T0/B0/xyz', monitor_only: true}\n",
    )
    assert config.keep_fetches == timedelta(days=30)
    assert config.metrics_textfile == tmp_path.resolve() / "textfiles" / "aggregator.prom"
    assert config.notify == NotifySettings("https://hooks.example.org/T0/B0/xyz", monitor_only=True)
    assert parse(tmp_path, "notify: {webhook: 'https://h.org/x'}\n").notify == NotifySettings("https://h.org/x")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("keep_fetches: forever\n", ":5: keep_fetches: 'forever' must look like 90d"),
        ("keep_fetches: 2h\n", ":5: keep_fetches: '2h' must look like 90d or 30d (at least 1d)"),
        ("metrics_textfile: aggregator.txt\n", ":5: metrics_textfile: 'aggregator.txt' must end in .prom"),
        ("metrics_textfile: public/metrics.prom\n", ":5: metrics_textfile: "),
        ("metrics_textfile: public-staff/m.prom\n", ":5: metrics_textfile: "),
        ("notify: {}\n", "notify.webhook: is required"),
        ("notify: {webhook: 'ftp://h.org/secret-token'}\n", ":5: notify.webhook: must be an http(s) address"),
        ("notify: {webhook: 'https://h.org/x', channel: ops}\n", ":5: notify.channel: unknown key"),
        ("notify: {webhook: 'https://h.org/x', monitor_only: 1}\n", ":5: notify.monitor_only: must be true or false"),
    ],
)
def test_a_bad_value_names_line_and_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse(tmp_path, extra)
    assert message in str(raised.value)
    assert "secret-token" not in str(raised.value)  # a webhook address is not echoed


def test_the_textfile_may_not_be_where_publishing_writes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="which publishing rewrites"):
        parse(tmp_path, "metrics_textfile: public/metrics.prom\n")
