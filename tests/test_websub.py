"""WebSub: after a publish that changed feeds, the hub is told which ones (a hub stub on 127.0.0.1)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from aggregator.cli import main
from aggregator.demo import PartnerWeb
from tests.conftest import write_demo_config


@pytest.fixture
def hub() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    pings: list[dict[str, list[str]]] = []

    class Hub(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            pings.append(parse_qs(self.rfile.read(length).decode()))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub", pings
    finally:
        server.shutdown()
        server.server_close()


def test_hub_is_pinged_for_changed_feeds_only(
    tmp_path: Path, partner_web: PartnerWeb, hub: tuple[str, list[dict[str, list[str]]]]
) -> None:
    url, pings = hub
    config = write_demo_config(tmp_path, partner_web)
    config.write_text(
        config.read_text(encoding="utf-8").replace("excerpt_length:", f"websub_hub: {url}\nexcerpt_length:")
    )
    assert main(["--config", str(config), "run", "--once"]) == 0
    topics = {ping["hub.url"][0] for ping in pings}
    assert all(ping["hub.mode"] == ["publish"] for ping in pings)
    assert {f"{partner_web.base_url}/published/feed.atom", f"{partner_web.base_url}/published/sv/feed.rss"} <= topics
    assert (tmp_path / "public" / "feed.atom").read_text(encoding="utf-8").count(f'href="{url}"') == 1  # advertised

    pings.clear()
    assert main(["--config", str(config), "publish"]) == 0  # nothing changed: nobody to tell
    assert pings == []
