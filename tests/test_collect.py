"""collect_pass details: a body seen before is not parsed again."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aggregator.collect import collect_pass
from aggregator.config import parse_config
from aggregator.store import Store
from tests.hostile import RSS, HostileServer, body


def test_same_body_again_is_not_parsed(tmp_path: Path) -> None:
    with HostileServer({"/feed": body(RSS)}) as server:  # no ETag, no Last-Modified: always 200
        config = parse_config(
            "title: T\nlink: https://x.org/\n"
            f"database: sqlite:///{tmp_path / 'db.sqlite'}\nfetch: {{allow_private_networks: true}}\n"
            f"sources:\n  - {{id: plain, url: '{server.url('/feed')}', type: feed}}\n",
            tmp_path / "sources.yaml",
        )
        store = Store(config.database)
        store.create_schema()
        first = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        second = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
        server.routes["/feed"] = body(
            RSS.replace(b"</channel>", b"<item><title>Two</title><link>http://x/2</link></item></channel>")
        )
        third = asyncio.run(collect_pass(config, store, everything=True)).reports[0]
    assert (first.outcome, first.entries, first.new) == ("ok", 1, 1)
    assert (second.outcome, second.entries) == ("ok", 0)  # fetched, recognised, not parsed
    assert (third.entries, third.new) == (2, 1)
    assert server.hits.count("/feed") == 3
