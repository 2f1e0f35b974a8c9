"""The config's keys for watching the aggregator: `keep_fetches`, `metrics_textfile` and `notify`
(aggregator.config reads the rest)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.config_reader import Reader
from aggregator.models import NotifySettings

NOTIFY_KEYS = {"webhook", "monitor_only"}


def keep_fetches(top: Reader) -> timedelta:
    written = str(top.get("keep_fetches", (str, int), "90d"))
    from aggregator.config import parse_interval  # config imports this module

    keep = parse_interval(written)
    if keep is None or keep < timedelta(days=1):
        top.fail(top.line_of("keep_fetches"), "keep_fetches", f"{written!r} must look like 90d or 30d (at least 1d)")
    return keep


def metrics_textfile(top: Reader, path: Path, output_dir: Path, staff_dir: Path) -> Path | None:
    written = top.get("metrics_textfile", str, None)
    if written is None:
        return None
    file = path.resolve().parent / written
    if file.suffix != ".prom":
        # node-exporter's textfile collector reads only *.prom files; any other name is never scraped.
        top.fail(top.line_of("metrics_textfile"), "metrics_textfile", f"{written!r} must end in .prom")
    for folder in (output_dir.resolve(), staff_dir.resolve()):
        if folder == file.parent or folder in file.parents:
            top.fail(
                top.line_of("metrics_textfile"),
                "metrics_textfile",
                f"{file} is inside {folder}, which publishing rewrites; use a folder of its own",
            )
    return file


def notify_settings(top: Reader, file: str) -> NotifySettings | None:
    item = top.items.get("notify")
    if item is None or item.value is None:
        return None
    notify = Reader(file, item, "notify.", NOTIFY_KEYS)
    webhook = notify.get("webhook", str, required=True)
    if not webhook.startswith(("http://", "https://")) or not _has_host(webhook):
        # Not echoed: an incoming-webhook address carries its secret in the path.
        notify.fail(notify.line_of("webhook"), "webhook", "must be an http(s) address with a host")
    return NotifySettings(webhook=webhook, monitor_only=notify.get("monitor_only", bool, False))


def _has_host(url: str) -> bool:
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # an unreadable port or bracketed host
        return False
