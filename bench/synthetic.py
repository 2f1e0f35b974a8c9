"""Filling a store with synthetic stories for benchmarks (and the PostgreSQL statistics test): not for real data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from aggregator import fingerprint
from aggregator.models import SourceConfig
from aggregator.store import Store, sightings, stories, story_keys
from aggregator.store.sql import _insert_many


def load_synthetic(store: Store, count: int, *, sources: int = 20, chunk: int = 20_000) -> None:
    """Fill the store with `count` distinct stories for benchmarks: random fingerprints and
    title keys (as many index rows as real stories have), one sighting each, and no
    dedup work. Not for real data."""
    rng = random.Random(count)
    ids = [f"s{n}" for n in range(sources)]
    store.sync_sources([SourceConfig(i, i, f"https://{i}.example.org/feed") for i in ids])
    start = datetime(2016, 1, 1, tzinfo=UTC)
    for base in range(0, count, chunk):
        story_rows, sighting_rows, key_rows = [], [], []
        for n in range(base, min(base + chunk, count)):
            value = rng.getrandbits(64)
            story, key, when = (
                f"urn:synthetic:{n}",
                f"https://s{n % sources}.example.org/{n}",
                start + timedelta(minutes=5 * n),
            )
            story_rows.append(
                {
                    "id": story, "url": key, "url_key": key, "source_id": ids[n % sources], "title": f"Story {n}",
                    "summary": "Synthetic.", "language": "ru", "published": when, "updated": when,
                    "date_is_first_seen": False, "first_seen_at": when, "fingerprint": fingerprint.to_signed(value),
                }
            )  # fmt: skip
            sighting_rows.append({"source_id": ids[n % sources], "guid": key, "url_key": key, "story_id": story,
                                  "content_hash": "-", "first_seen_at": when})  # fmt: skip
            signed = fingerprint.to_signed(value)
            title = fingerprint.TITLE_KEY_TAG << 56 | rng.getrandbits(48)
            key_rows += [{"key": k, "fingerprint": signed} for k in [*fingerprint.band_keys(value), title]]
        with store.engine.begin() as conn:
            conn.execute(stories.insert(), story_rows)
            conn.execute(sightings.insert(), sighting_rows)
            _insert_many(conn, story_keys, key_rows, known_rows_kept=True)
