"""What `aggregator demo` sets up: its config, a fresh database, and with --serve the served output.

The demo collects the fixture partner web (demo.py) and publishes into a folder. Its `link` (the
address the feeds, OPML and pages give for the published site) is where the output can really
be read: the folder as a file:// address, or, with --serve, the address it is served at. With
--serve the staff folder is served under /staff/ behind a password made up for this run.
"""

from __future__ import annotations

import dataclasses
import secrets
import signal
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

from aggregator.collect import PassReport
from aggregator.config import parse_config
from aggregator.models import Config, StaffSettings
from aggregator.store import Store

PLACEHOLDER = "http://partner.test"
DEFAULT_PORT = 8080  # with --serve; another free port when it is taken
PUBLISHED_FILES = ("index.html", "feed.atom", "feed.rss", "feed.json", "sources.opml")


def demo_config(template: str, partner_web: str, config_path: Path, output_dir: Path) -> Config:
    """The demo config: its partners at `partner_web`, published into `output_dir` (and the staff
    pages beside it, in `<output_dir>-staff`) for readers at the folder's file:// address (the
    caller replaces it with the served address under --serve)."""
    config = parse_config(template.replace(PLACEHOLDER, partner_web), config_path)
    staff = dataclasses.replace(config.staff_settings, output_dir=output_dir.with_name(f"{output_dir.name}-staff"))
    # Set after parsing: the config file only takes http(s) links, the demo publishes for file://.
    return dataclasses.replace(config, output_dir=output_dir, staff=staff, link=folder_link(output_dir))


def folder_link(output_dir: Path) -> str:
    return output_dir.as_uri() + "/"


def remove_database(database: Path) -> None:
    """A fresh start: the partner web gets a new port each run, so old stories would link nowhere."""
    for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)


def with_staff_password(config: Config) -> tuple[Config, str]:
    """`config` with a staff password made up for this run, and the password."""
    from aggregator.staff_auth import hash_password

    password = secrets.token_urlsafe(12)
    staff = StaffSettings(config.staff_settings.output_dir, config.staff_settings.user, hash_password(password))
    return dataclasses.replace(config, staff=staff), password


@contextmanager
def serving_output(config: Config, store: Store, port: int | None) -> Iterator[str]:
    """Serve the output folder (and /staff/) on 127.0.0.1 while the block runs; yields the base URL.

    `port` None: DEFAULT_PORT, or any free port when that one is taken. A port given and taken
    raises OSError.
    """
    from aggregator.serve import HealthInfo, serving  # the web stack only for --serve

    def health() -> HealthInfo:
        published, error = store.publish_outcome(str(config.output_dir))
        return HealthInfo(store.last_collection_at(), published, publish_error=error)

    staff = config.staff_settings

    with ExitStack() as stack:
        try:
            base = stack.enter_context(
                serving(config.output_dir, health, port=DEFAULT_PORT if port is None else port, staff=staff)
            )
        except OSError:
            if port is not None:
                raise
            base = stack.enter_context(serving(config.output_dir, health, port=0, staff=staff))
        yield base


def wait_for_interrupt() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM; both end in KeyboardInterrupt here."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        threading.Event().wait()
    finally:
        signal.signal(signal.SIGTERM, previous)


def summary(report: PassReport) -> list[str]:
    """The collection, a line in all and one per source."""
    lines = [f"collected {len(report.reports)} sources: {report.new} new stories, {len(report.failed)} failing"]
    for source in report.reports:
        detail = (
            f"{source.entries} items, {source.new} new"
            if source.outcome != "error"
            else f"{source.error_kind}: {source.error_message}"
        )
        lines.append(f"  {source.source_id:<16} {source.outcome:<13} {detail}")
    return lines


def published_files(config: Config) -> list[str]:
    out = config.output_dir
    lines = [f"published into {out}:", *(f"  {out / name}" for name in PUBLISHED_FILES)]
    languages = sorted(p.parent.name for p in out.glob("*/feed.atom"))
    lines.append(f"  per language: {', '.join(languages)} ({out}/<lang>/feed.atom|rss|json)")
    return lines


def where_to_read(config: Config, password: str | None) -> list[str]:
    """How to open what the demo published: served (a password was made up) or from the folders."""
    link, staff = config.link, config.staff_settings
    if password is None:
        return [
            f"open {link}index.html in a browser to read it as the public does,",
            f"and {folder_link(staff.output_dir)}index.html for the staff pages.",
            "The story links lead to the fixture partner web, which stops with this command:"
            " run `aggregator demo --serve` to follow them.",
        ]
    return [
        f"serving {config.output_dir} at {link} and the staff pages at {link}staff/",
        f"  staff login: user {staff.user}, password {password} (made up for this run)",
        "the fixture partner web keeps running for the story links; Ctrl-C stops both",
    ]
