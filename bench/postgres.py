"""A throwaway PostgreSQL database for the benchmarks that also run on the shared server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def fresh_postgres(admin_url: str, purpose: str) -> Iterator[str]:
    """A new, empty database on the server of `admin_url`, dropped afterwards (as
    tests/conftest.py does); `purpose` goes into its name, so a leftover says what made it."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"aggregator_{purpose}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
