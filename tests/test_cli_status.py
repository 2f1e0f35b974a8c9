"""Adaptive polling said out loud: `status` tells when a partner's rare posts stretched its
interval ("every 30m, stretched to 6h: posts about monthly"), and `adaptive: false` keeps a
source on its interval, for partners whose rare posts are urgent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.config import ConfigError
from aggregator.models import FetchResult, SourceConfig
from aggregator.polling import next_check, rhythm_interval
from aggregator.status_view import rhythm, span, stretch_note
from tests.configs import make_config
from tests.hostile import HostileServer, body

NOW = datetime.now(UTC)


def feed(name: str, gap: timedelta, posts: int = 6) -> bytes:
    """A feed whose posts came `gap` apart, the newest a day ago."""
    items = "".join(
        f"<item><title>{name} post {n}</title><link>http://{name}.org/{n}</link>"
        f"<pubDate>{format_datetime(NOW - timedelta(days=1) - n * gap)}</pubDate></item>"
        for n in range(posts)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'.encode()


@pytest.fixture
def partners() -> Iterator[HostileServer]:
    routes = {
        "/monthly.xml": body(feed("monthly", timedelta(days=30))),
        "/urgent.xml": body(feed("urgent", timedelta(days=30))),
        "/daily.xml": body(feed("daily", timedelta(hours=20))),
        "/busy.xml": body(feed("busy", timedelta(minutes=20))),
    }
    with HostileServer(routes) as server:
        yield server


def collected(folder: Path, server: HostileServer) -> str:
    sources = [
        {"id": "monthly", "url": server.url("/monthly.xml")},
        {"id": "urgent", "url": server.url("/urgent.xml"), "adaptive": False},
        {"id": "daily", "url": server.url("/daily.xml")},
        {"id": "busy", "url": server.url("/busy.xml")},
    ]
    make_config(folder, sources, write=True)
    config = str(folder / "sources.yaml")
    assert main(["--config", config, "collect"]) == 0
    return config


def test_status_says_which_intervals_the_partners_rhythm_stretched(
    tmp_path: Path, partners: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = collected(tmp_path, partners)
    capsys.readouterr()
    assert main(["--config", config, "status"]) == 0
    out = capsys.readouterr().out
    assert "monthly: every 30m, stretched to 6h: posts about monthly" in out, out
    assert "daily: every 30m, stretched to 5h: posts about daily" in out, out
    assert "urgent: every" not in out and "busy: every" not in out, out  # kept on their interval


def test_status_json_gives_the_interval_each_source_is_polled_at(
    tmp_path: Path, partners: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = collected(tmp_path, partners)
    capsys.readouterr()
    assert main(["--config", config, "status", "--json"]) == 0
    by_id = {source["id"]: source for source in json.loads(capsys.readouterr().out)["sources"]}
    assert by_id["monthly"]["polled_every_seconds"] == 6 * 3600
    assert by_id["urgent"]["adaptive"] is False and by_id["urgent"]["polled_every_seconds"] == 1800
    assert by_id["urgent"]["posting_gap_seconds"] == 30 * 86400  # the rhythm is known, and not used
    for source_id, polled in (("monthly", 6 * 3600), ("urgent", 1800)):
        fetched = datetime.fromisoformat(by_id[source_id]["last_fetch_at"])
        due = datetime.fromisoformat(by_id[source_id]["next_check_at"])
        assert abs((due - fetched).total_seconds() - polled) < 5, by_id[source_id]


def test_adaptive_false_keeps_the_interval_whatever_the_rhythm() -> None:
    monthly = timedelta(days=30)
    source = SourceConfig(id="a", name="A", url="https://a.org/feed", interval=timedelta(minutes=30))
    urgent = SourceConfig(id="b", name="B", url="https://b.org/feed", interval=timedelta(minutes=30), adaptive=False)
    assert rhythm_interval(source, monthly) == timedelta(hours=6)
    assert rhythm_interval(urgent, monthly) == timedelta(minutes=30)
    ok = FetchResult(url=urgent.url, outcome="ok")
    assert next_check(urgent, ok, 0, NOW, monthly) == NOW + timedelta(minutes=30)
    assert stretch_note(urgent, monthly) is None
    assert stretch_note(source, None) is None


def test_adaptive_is_read_from_the_config(tmp_path: Path) -> None:
    config = make_config(tmp_path, [{"id": "a", "url": "https://a.org/f"}, {"id": "b", "url": "https://b.org/f",
                                                                           "adaptive": False}])  # fmt: skip
    assert [source.adaptive for source in config.sources] == [True, False]
    with pytest.raises(ConfigError, match=r":6: sources\[0\]\.adaptive: must be true or false"):
        make_config(tmp_path, [{"id": "a", "url": "https://a.org/f", "adaptive": "sometimes"}])


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (timedelta(hours=3), "about every 3h"),
        (timedelta(hours=20), "about daily"),
        (timedelta(days=3), "about every 3 days"),
        (timedelta(days=7), "about weekly"),
        (timedelta(days=31), "about monthly"),
        (timedelta(days=91), "about every 3 months"),
        (timedelta(days=400), "about yearly or less"),
    ],
)
def test_a_rhythm_in_words(gap: timedelta, words: str) -> None:
    assert rhythm(gap) == words


def test_intervals_are_written_as_in_the_config() -> None:
    assert [span(timedelta(minutes=m)) for m in (30, 300, 150, 1440, 1500)] == ["30m", "5h", "2h30m", "1d", "1d1h"]
