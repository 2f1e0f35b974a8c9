"""The webhook: a source starting to fail, recovering, a partner going quiet, each told once, by a
JSON POST through the fetcher's guarded path, to a real loopback server that records it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.models import AlertState, SourceConfig, SourceStatus
from aggregator.notify import FAILING_AFTER, changes, message
from aggregator.pipeline import never_fetched, open_store
from tests import hostile
from tests.configs import config_text
from tests.webhook import RecordingWebhook

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
SECRET_PATH = "/hooks/T000-very-secret-key"
OLD_RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>http://x/</link>
<item><title>Old news</title><link>http://x/old</link><pubDate>Mon, 02 Mar 2020 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def status(source_id: str, **fields: object) -> SourceStatus:
    base = never_fetched(SourceConfig(id=source_id, name=source_id.title(), url=f"https://{source_id}.org/feed"))
    return dataclasses.replace(base, **fields)


SOURCES = {s: SourceConfig(id=s, name=s.title(), url=f"https://{s}.org/feed") for s in ("alpha", "beta")}


# --- deciding (pure) ---------------------------------------------------------------------------


def test_a_source_is_failing_after_failures_in_a_row_and_told_once() -> None:
    one = status("alpha", consecutive_failures=FAILING_AFTER - 1, outcome="timeout", error_message="no answer")
    assert changes([one], SOURCES, {}, now=NOW, quiet_days=30) == ([], [])
    two = dataclasses.replace(one, consecutive_failures=FAILING_AFTER)
    found, states = changes([two], SOURCES, {}, now=NOW, quiet_days=30)
    assert [c.kind for c in found] == ["failing"] and "Alpha (alpha)" in found[0].line and "timeout" in found[0].line
    assert states == [AlertState("alpha", failing=True)]
    told = {"alpha": AlertState("alpha", failing=True)}
    assert changes([dataclasses.replace(two, consecutive_failures=9)], SOURCES, told, now=NOW, quiet_days=30) == (
        [],
        [],
    )


def test_recovery_is_told_when_a_fetch_works_again_not_before() -> None:
    told = {"alpha": AlertState("alpha", failing=True)}
    still = status("alpha", consecutive_failures=1)  # below the threshold but not yet working
    assert changes([still], SOURCES, told, now=NOW, quiet_days=30) == ([], [])
    found, states = changes([status("alpha", consecutive_failures=0)], SOURCES, told, now=NOW, quiet_days=30)
    assert [c.kind for c in found] == ["recovered"] and states == [AlertState("alpha")]


def test_quiet_is_told_once_and_posting_again_is_kept_silently() -> None:
    quiet = status("beta", newest_item_at=NOW - timedelta(days=31))
    found, states = changes([quiet], SOURCES, {}, now=NOW, quiet_days=30)
    assert [c.kind for c in found] == ["quiet"] and "31 days" in found[0].line
    assert states == [AlertState("beta", quiet=True)]
    told = {"beta": AlertState("beta", quiet=True)}
    assert changes([quiet], SOURCES, told, now=NOW, quiet_days=30) == ([], [])
    fresh = status("beta", newest_item_at=NOW - timedelta(days=2))
    assert changes([fresh], SOURCES, told, now=NOW, quiet_days=30) == ([], [AlertState("beta")])
    assert (
        changes([status("beta", newest_item_at=NOW - timedelta(days=29))], SOURCES, {}, now=NOW, quiet_days=30)[0] == []
    )


def test_monitor_only_partners_are_left_out_unless_asked() -> None:
    hidden = {"alpha": dataclasses.replace(SOURCES["alpha"], publish=False)}
    failing = status("alpha", consecutive_failures=5)
    assert changes([failing], hidden, {}, now=NOW, quiet_days=30) == ([], [])
    assert [c.kind for c in changes([failing], hidden, {}, now=NOW, quiet_days=30, monitor_only=True)[0]] == ["failing"]


def test_partner_text_cannot_ping_the_channel_or_break_the_message() -> None:
    sources = {"alpha": dataclasses.replace(SOURCES["alpha"], name="<!channel> A & B\n- FAKE: line")}
    failing = status("alpha", consecutive_failures=3, outcome="HTTP 500", error_message="<@U123> " + "x" * 5000)
    found, _ = changes([failing], sources, {}, now=NOW, quiet_days=30)
    text = message("News <b>", found)["text"]
    assert "<" not in text and ">" not in text and "&lt;!channel&gt; A &amp; B - FAKE: line" in text
    assert text.count("\n") == 1 and len(text) < 400


def test_a_pass_where_everything_fails_is_one_short_message() -> None:
    sources = {f"s{i}": SourceConfig(id=f"s{i}", name=f"S{i}", url=f"https://s{i}.org/") for i in range(100)}
    statuses = [status(f"s{i}", consecutive_failures=2, outcome="timeout") for i in range(100)]
    found, states = changes(statuses, sources, {}, now=NOW, quiet_days=30)
    text = message("T", found)["text"]
    assert len(found) == len(states) == 100 and text.count("\n") == 31 and "and 70 more" in text


# --- posting, end to end through the CLI -------------------------------------------------------


@pytest.fixture
def hook() -> Iterator[RecordingWebhook]:
    with RecordingWebhook() as server:
        yield server


@pytest.fixture
def web() -> Iterator[hostile.HostileServer]:
    with hostile.HostileServer({"/feed.xml": hostile.body(hostile.RSS), "/secret.xml": hostile.status(500)}) as server:
        yield server


def write_config(folder: Path, web: hostile.HostileServer, notify: dict[str, object], **options: object) -> Path:
    sources = [
        {"id": "alpha", "name": "Alpha News", "url": web.url("/feed.xml")},
        {"id": "hidden", "url": web.url("/secret.xml"), "publish": False},
    ]
    path = folder / "sources.yaml"
    path.write_text(config_text(folder, sources, notify=notify, **options), encoding="utf-8")
    return path


def collect(path: Path) -> None:
    assert main(["--config", str(path), "collect", "--all"]) == 0


def test_failing_then_recovering_is_posted_once_each(
    tmp_path: Path, web: hostile.HostileServer, hook: RecordingWebhook
) -> None:
    path = write_config(tmp_path, web, {"webhook": hook.url(SECRET_PATH)})
    collect(path)
    assert hook.received == []  # healthy; the monitor-only source fails but is not told by default
    web.routes["/feed.xml"] = hostile.status(503)
    collect(path)
    assert hook.received == []  # one failure may be a blip
    collect(path)
    assert len(hook.received) == 1
    where, content_type, body = hook.received[0]
    assert where == SECRET_PATH and content_type == "application/json"
    assert body["text"].startswith("T: partners' health changed\n- FAILING: Alpha News (alpha) is failing (2 in a row)")
    assert "hidden" not in body["text"]
    collect(path)
    collect(path)
    assert len(hook.received) == 1  # still failing: nothing new to tell
    web.routes["/feed.xml"] = hostile.body(hostile.RSS)
    collect(path)
    assert len(hook.received) == 2 and "RECOVERED: Alpha News (alpha) recovered" in hook.texts[1]
    collect(path)
    assert len(hook.received) == 2


def test_monitor_only_partners_are_posted_when_the_config_says_so(
    tmp_path: Path, web: hostile.HostileServer, hook: RecordingWebhook
) -> None:
    path = write_config(tmp_path, web, {"webhook": hook.url(SECRET_PATH), "monitor_only": True})
    collect(path)
    collect(path)
    assert len(hook.received) == 1 and "hidden (hidden) is failing" in hook.texts[0]


def test_a_quiet_partner_is_posted_once(tmp_path: Path, web: hostile.HostileServer, hook: RecordingWebhook) -> None:
    web.routes["/feed.xml"] = hostile.body(OLD_RSS)
    path = write_config(tmp_path, web, {"webhook": hook.url(SECRET_PATH)})
    collect(path)
    collect(path)
    assert len(hook.received) == 1 and "QUIET: Alpha News (alpha) has posted nothing for" in hook.texts[0]


def test_a_webhook_that_is_down_hears_of_the_change_when_it_is_back(
    tmp_path: Path, web: hostile.HostileServer, hook: RecordingWebhook, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_config(tmp_path, web, {"webhook": hook.url(SECRET_PATH)})
    web.routes["/feed.xml"] = hostile.status(500)
    hook.status = 500
    collect(path)
    collect(path)
    assert len(hook.received) == 1  # tried and refused
    assert "refused the message: HTTP 500" in caplog.text and "secret-key" not in caplog.text
    assert open_store(load_config(path)).alert_states() == {}  # nothing kept as told
    hook.status = 200
    collect(path)
    assert len(hook.received) == 2 and "FAILING: Alpha News" in hook.texts[1]
    collect(path)
    assert len(hook.received) == 2


def test_the_webhook_post_goes_through_the_private_address_guard(
    tmp_path: Path, web: hostile.HostileServer, hook: RecordingWebhook, caplog: pytest.LogCaptureFixture
) -> None:
    # Private networks not allowed: the partners on 127.0.0.1 fail, and so must the webhook there.
    path = write_config(tmp_path, web, {"webhook": hook.url(SECRET_PATH)}, fetch={})
    collect(path)
    collect(path)
    assert hook.received == []
    assert "private address refused" in caplog.text
    assert open_store(load_config(path)).alert_states() == {}
