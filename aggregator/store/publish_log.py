"""Each output folder's last publish attempt and success, for the health check."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aggregator.store.schema import publishes


def record_publish(engine: Engine, output_dir: str, at: datetime, error: str | None = None) -> None:
    """Keep the outcome of a publish into `output_dir`: a success when `error` is None."""
    values: dict[str, object] = {"attempted_at": at, "error": error}
    if error is None:
        values["succeeded_at"] = at
    with engine.begin() as conn:
        updated = conn.execute(sa.update(publishes).where(publishes.c.output_dir == output_dir).values(values))
        if updated.rowcount == 0:
            conn.execute(sa.insert(publishes).values(output_dir=output_dir, **values))


def publish_outcome(engine: Engine, output_dir: str) -> tuple[datetime | None, str | None]:
    """The last successful publish into `output_dir` and the last attempt's error, if any."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(publishes.c.succeeded_at, publishes.c.error).where(publishes.c.output_dir == output_dir)
        ).first()
    return (row.succeeded_at, row.error) if row else (None, None)
