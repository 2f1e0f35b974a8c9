"""Overlapping cron runs: the second collection skips with a log line and fetches nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aggregator.config import load_config
from aggregator.demo import PartnerWeb
from aggregator.lock import collection_lock, lock_path


def test_second_collection_skips_while_one_runs(demo_config: Path, partner_web: PartnerWeb) -> None:
    database = load_config(demo_config).database
    command = [sys.executable, "-m", "aggregator", "--config", str(demo_config), "run", "--once"]
    with collection_lock(database) as held:
        assert held
        skipped = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert skipped.returncode == 0
    assert "skipped: another collection is running" in skipped.stderr
    assert partner_web.requests == []

    ran = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0 and partner_web.requests


def test_lock_is_per_database(tmp_path: Path) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    assert lock_path(first) == tmp_path / "a.db.collect.lock"
    with collection_lock(first) as held_first, collection_lock(second) as held_second:
        assert held_first and held_second
    server = "postgresql+psycopg://postgres@127.0.0.1/x"
    assert lock_path(server) == lock_path(server) != lock_path(server + "y")
