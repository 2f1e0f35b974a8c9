"""Shared test fixtures: the fixture partner web on 127.0.0.1, demo configs, databases."""

from __future__ import annotations

import ipaddress
import os
import socket
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import settings

from aggregator.demo import FIXTURES, PartnerWeb

POSTGRES_ENV = "AGGREGATOR_TEST_POSTGRES"

# CI runs the property tests on fixed examples, so a landing never depends on a lucky draw; runs
# elsewhere draw new ones each time, and what they find becomes an @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def tripwire(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never leave this machine: a connection outside loopback, and a name lookup (the DNS
    server is elsewhere), fail instead of happening. Unix sockets (the parsing workers') pass."""
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def loopback_only(address: object) -> None:
        if not isinstance(address, tuple):
            return  # a Unix socket's path
        host = str(address[0]).split("%")[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            raise OSError(f"tripwire: a test tried to connect to the name {host}") from None
        ip = getattr(ip, "ipv4_mapped", None) or ip
        if not ip.is_loopback:
            raise OSError(f"tripwire: a test tried to connect to {host}")

    def guarded_connect(self: socket.socket, address: object) -> None:
        loopback_only(address)
        return connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        loopback_only(address)
        return connect_ex(self, address)

    def numeric_getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in (None, "localhost"):
            flags = kwargs.pop("flags", args[3] if len(args) > 3 else 0)
            args = args[:3]
            return getaddrinfo(host, port, *args, flags=flags | socket.AI_NUMERICHOST, **kwargs)
        return getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", numeric_getaddrinfo)


@pytest.fixture
def partner_web() -> Iterator[PartnerWeb]:
    with PartnerWeb() as web:
        yield web


def expected_published(item: dict[str, Any], web: PartnerWeb) -> date | datetime:
    """An expected item's date (fixtures/expected/*.json) as `web` serves it: moved by the days
    its partner's dates are moved (demo_dates.py). A day-only date stays a date."""
    moved = timedelta(days=web.shift.days_for(urlsplit(item["link"]).path))
    text = item["published"]
    return date.fromisoformat(text) + moved if len(text) == 10 else datetime.fromisoformat(text) + moved


def write_demo_config(directory: Path, web: PartnerWeb, *, database: str | None = None) -> Path:
    """The demo config pointed at a running partner web, written into `directory`."""
    text = (FIXTURES / "demo-sources.yaml").read_text(encoding="utf-8").replace("http://partner.test", web.base_url)
    if database:
        text = text.replace("sqlite:///demo.db", database)
    path = directory / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo_config(tmp_path: Path, partner_web: PartnerWeb, database_url: str) -> Path:
    """The demo partners' config, once on SQLite and once on PostgreSQL: every end-to-end test
    runs on both databases the aggregator supports."""
    return write_demo_config(tmp_path, partner_web, database=database_url)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind the aggregator supports."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"aggregator_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
