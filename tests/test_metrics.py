"""Prometheus metrics: made from the store at each scrape, /metrics behind the staff login, and
the node-exporter textfile that collect and publish write (public sources only by id)."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from aggregator.cli import main
from aggregator.config import load_config
from aggregator.metrics import exposition, snapshot
from aggregator.pipeline import open_store
from aggregator.serve import HealthInfo, serving
from aggregator.staff_auth import hash_password
from tests import hostile
from tests.configs import config_text

RSS_TWO = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>http://x/</link>
<item><title>One</title><link>http://x/1</link></item><item><title>Two</title><link>http://x/2</link></item>
</channel></rss>"""
RSS_SECRET = RSS_TWO.replace(b"http://x/1", b"http://x/3").replace(b"One", b"Three").split(b"<item><title>Two")[0] + (
    b"</channel></rss>"
)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample as (name, labels) -> value."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def write_config(folder: Path, web: hostile.HostileServer, **settings: object) -> Path:
    sources = [
        {"id": "open-partner", "url": web.url("/open.xml")},
        {"id": "secret-partner", "url": web.url("/secret.xml"), "publish": False},
        {"id": "down-partner", "url": web.url("/down.xml")},
    ]
    path = folder / "sources.yaml"
    path.write_text(config_text(folder, sources, **settings), encoding="utf-8")
    return path


@pytest.fixture
def web() -> hostile.HostileServer:
    routes = {
        "/open.xml": hostile.body(RSS_TWO),
        "/secret.xml": hostile.body(RSS_SECRET),
        "/down.xml": hostile.status(500),
    }
    with hostile.HostileServer(routes) as server:
        yield server


def test_metrics_tell_each_source_the_last_pass_and_the_publish(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "run", "--once"]) == 0
    config = load_config(path)
    store = open_store(config)
    found = samples(exposition(snapshot(config, store), monitor_only_by_id=True).decode())

    assert found[("aggregator_source_items", (("source", "open-partner"),))] == 2
    assert found[("aggregator_source_items", (("source", "secret-partner"),))] == 1
    assert found[("aggregator_source_consecutive_failures", (("source", "down-partner"),))] == 1
    assert found[("aggregator_source_consecutive_failures", (("source", "open-partner"),))] == 0
    success = store.source_statuses(config.sources)[0].last_success_at
    assert (
        found[("aggregator_source_last_success_timestamp_seconds", (("source", "open-partner"),))]
        == success.timestamp()
    )
    # A source that never succeeded has no success time at all, rather than 1970.
    assert ("aggregator_source_last_success_timestamp_seconds", (("source", "down-partner"),)) not in found

    assert found[("aggregator_last_pass_sources", ())] == 3
    assert found[("aggregator_last_pass_new_stories", ())] == 3
    assert found[("aggregator_last_pass_failed_sources", ())] == 1
    assert 0 < found[("aggregator_last_pass_duration_seconds", ())] < 60
    published, _ = store.publish_outcome(str(config.output_dir))
    assert found[("aggregator_last_publish_timestamp_seconds", ())] == published.timestamp()
    assert found[("aggregator_last_publish_failed", ())] == 0
    # Labels: the source id only, so the series are bounded by the config.
    for family in text_string_to_metric_families(exposition(snapshot(config, store), monitor_only_by_id=True).decode()):
        for sample in family.samples:
            assert set(sample.labels) <= {"source"}, sample


def test_the_numbers_follow_the_store_with_no_state_kept(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    config = load_config(path)
    store = open_store(config)
    before = samples(exposition(snapshot(config, store), monitor_only_by_id=True).decode())
    assert ("aggregator_last_publish_timestamp_seconds", ()) not in before  # never published: no sample
    web.routes["/open.xml"] = hostile.status(503)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    after = samples(exposition(snapshot(config, store), monitor_only_by_id=True).decode())
    assert after[("aggregator_source_consecutive_failures", (("source", "open-partner"),))] == 1
    assert after[("aggregator_source_consecutive_failures", (("source", "down-partner"),))] == 2
    assert after[("aggregator_last_pass_failed_sources", ())] == 2
    assert after[("aggregator_last_pass_new_stories", ())] == 0


def test_a_pass_with_nothing_due_is_not_the_last_pass(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    store = open_store(load_config(path))
    first = store.last_pass()
    assert first is not None and first.sources == 3
    assert main(["--config", str(path), "collect"]) == 0  # every source was just fetched: none is due
    assert store.last_pass() == first


def test_serve_metrics_answer_only_the_staff_login(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "run", "--once"]) == 0
    config = load_config(path)
    store = open_store(config)
    staff = config.staff_settings.__class__(config.staff_settings.output_dir, "staff", hash_password("s3cret pass"))
    scrapes: list[int] = []

    def metrics() -> bytes:
        scrapes.append(1)
        return exposition(snapshot(config, store), monitor_only_by_id=True)

    def health() -> HealthInfo:
        return HealthInfo(None, None)

    with serving(config.output_dir, health, staff=staff, metrics=metrics) as base:
        anonymous = httpx.get(base + "/metrics", timeout=5)
        assert anonymous.status_code == 401 and b"secret-partner" not in anonymous.content
        wrong = {"Authorization": "Basic " + base64.b64encode(b"staff:guess").decode()}
        assert httpx.get(base + "/metrics", headers=wrong, timeout=5).status_code == 401
        assert scrapes == []  # nothing was read for a refused client
        right = {"Authorization": "Basic " + base64.b64encode(b"staff:s3cret pass").decode()}
        answer = httpx.get(base + "/metrics", headers=right, timeout=5)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=0.0.4")
        assert answer.headers["cache-control"] == "no-store"
        found = samples(answer.text)
        assert found[("aggregator_source_items", (("source", "secret-partner"),))] == 1  # staff see every source
        web.routes["/open.xml"] = hostile.status(500)
        assert main(["--config", str(path), "collect", "--all"]) == 0
        again = samples(httpx.get(base + "/metrics", headers=right, timeout=5).text)
        assert again[("aggregator_source_consecutive_failures", (("source", "open-partner"),))] == 1  # read anew


def test_serve_without_a_staff_password_has_no_metrics(tmp_path: Path, web: hostile.HostileServer) -> None:
    path = write_config(tmp_path, web)
    assert main(["--config", str(path), "collect", "--all"]) == 0
    config = load_config(path)
    store = open_store(config)

    def metrics() -> bytes:
        return exposition(snapshot(config, store), monitor_only_by_id=True)

    with serving(
        config.output_dir, lambda: HealthInfo(None, None), staff=config.staff_settings, metrics=metrics
    ) as base:
        answer = httpx.get(base + "/metrics", timeout=5)
        assert answer.status_code == 404 and b"partner" not in answer.content


def test_collect_and_publish_write_the_textfile_without_monitor_only_ids(
    tmp_path: Path, web: hostile.HostileServer
) -> None:
    textfile = tmp_path / "node-exporter" / "aggregator.prom"
    path = write_config(tmp_path, web, metrics_textfile="node-exporter/aggregator.prom")
    assert main(["--config", str(path), "collect", "--all"]) == 0
    found = samples(textfile.read_text())
    assert found[("aggregator_source_items", (("source", "open-partner"),))] == 2
    assert found[("aggregator_last_pass_sources", ())] == 3
    assert "secret-partner" not in textfile.read_text()  # node-exporter asks no password
    assert found[("aggregator_monitor_only_sources", ())] == 1
    assert ("aggregator_last_publish_timestamp_seconds", ()) not in found

    assert main(["--config", str(path), "publish"]) == 0
    found = samples(textfile.read_text())
    assert found[("aggregator_last_publish_failed", ())] == 0
    assert ("aggregator_last_publish_timestamp_seconds", ()) in found
    assert [p.name for p in textfile.parent.iterdir()] == ["aggregator.prom"]  # written aside, renamed over


def test_a_textfile_that_cannot_be_written_does_not_fail_collecting(
    tmp_path: Path, web: hostile.HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "blocked").write_text("a file where a folder should be")
    path = write_config(tmp_path, web, metrics_textfile="blocked/aggregator.prom")
    assert main(["--config", str(path), "collect", "--all"]) == 0
    assert "could not write the metrics textfile: FileExistsError" in caplog.text
    store = open_store(load_config(path))
    assert store.last_pass() is not None  # the other steps went on


def test_the_serve_command_serves_metrics_to_staff(tmp_path: Path, web: hostile.HostileServer) -> None:
    from tests.test_cli_serve import serving as serve_command

    path = write_config(tmp_path, web)
    with path.open("a", encoding="utf-8") as file:
        file.write(f"staff: {{password_hash: '{hash_password('s3cret pass')}'}}\n")
    assert main(["--config", str(path), "run", "--once"]) == 0
    with serve_command(path) as base:
        assert httpx.get(base + "/metrics", timeout=5).status_code == 401
        right = {"Authorization": "Basic " + base64.b64encode(b"staff:s3cret pass").decode()}
        found = samples(httpx.get(base + "/metrics", headers=right, timeout=5).text)
    assert found[("aggregator_source_items", (("source", "secret-partner"),))] == 1
    assert found[("aggregator_last_publish_failed", ())] == 0
