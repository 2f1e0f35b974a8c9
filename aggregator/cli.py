"""The `aggregator` command: the only module that prints for humans."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from aggregator import __version__
from aggregator.clock import utc_now
from aggregator.collect import PassReport
from aggregator.config import DEFAULT_PATH, ConfigError, load_config, parse_config, parse_interval
from aggregator.models import Config, SourceStatus
from aggregator.pipeline import collect, open_store, publish_outputs, run_once
from aggregator.publish import PublishError
from aggregator.staff_actions import Decision, StaffActionError, acting_user, restore, withdraw
from aggregator.store import Store, StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.handler(args))
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"database error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except PublishError as error:
        print(f"publish error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except StaffActionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a bug: one line for the user, the traceback only with -v
        if args.verbose:
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error} (run with -v for details)", file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aggregator", description="Collect partner news and publish one combined feed."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, default=DEFAULT_PATH, help="config file (default: ./sources.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every source and pass to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("check", help="validate the config").set_defaults(handler=cmd_check)

    collect = commands.add_parser("collect", help="one pass over the due sources")
    collect.add_argument("--all", action="store_true", help="every source now, due or not")
    collect.add_argument("--source", action="append", default=[], metavar="ID", help="only this source (repeatable)")
    collect.set_defaults(handler=cmd_collect)

    commands.add_parser("publish", help="write the feeds and the page from the database").set_defaults(
        handler=cmd_publish
    )

    run = commands.add_parser("run", help="collect and publish on the sources' intervals")
    run.add_argument("--once", action="store_true", help="one pass then publish, then exit (for cron)")
    run.set_defaults(handler=cmd_run)

    status = commands.add_parser("status", help="per source: last fetch, result, items")
    status.add_argument("--json", action="store_true", help="one JSON document")
    status.set_defaults(handler=cmd_status)

    for name, verb in (("withdraw", "take a story out of every public file"), ("restore", "undo a withdrawal")):
        action = commands.add_parser(name, help=f"{verb}, then publish")
        action.add_argument("story", help="the story's id (as the staff page shows it) or an address it has")
        if name == "withdraw":
            action.add_argument("--reason", required=True, help="why, for the staff page")
        action.add_argument("--by", help="who decided (default: the system user)")
        action.set_defaults(handler=cmd_withdraw if name == "withdraw" else cmd_restore)
    commands.add_parser(
        "migrate", help="create or upgrade the database tables (and procrastinate's, on PostgreSQL)"
    ).set_defaults(handler=cmd_migrate)

    worker = commands.add_parser("worker", help="collect as one of many procrastinate workers over PostgreSQL")
    worker.add_argument("--concurrency", type=int, default=10, help="jobs at once (default: 10)")
    worker.add_argument(
        "--queue", action="append", choices=["collect", "publish"], help="only this queue (repeatable; default: both)"
    )
    worker.set_defaults(handler=cmd_worker)

    serve = commands.add_parser("serve", help="serve the published files, with /healthz")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    serve.add_argument("--max-age", default="2h", help="/healthz says 503 when collecting or publishing is older")
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser("demo", help="collect the bundled fixture partners offline and publish into ./public")
    demo.add_argument("--output", type=Path, default=Path("public"), help="where to publish (default: ./public)")
    demo.set_defaults(handler=cmd_demo)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    print(f"{config.path}: ok, {len(config.sources)} sources")
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    config = _config_with_sources(args)
    report = collect(config, open_store(config), only=args.source, everything=args.all)
    if report:
        _print_failures(report)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    changed = publish_outputs(config, open_store(config))
    print(f"published into {config.output_dir} ({len(changed)} files changed)")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    if args.once:
        report = collect(config, store)
        if report is None:
            return EXIT_OK  # another collection is running; it publishes when done
        _print_failures(report)  # before publishing, so a failing publish does not hide them
        publish_outputs(config, store)
        return EXIT_OK
    from aggregator.schedule import run_daemon  # APScheduler is only needed by the daemon

    run_daemon(config, store)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    statuses = open_store(config).source_statuses(config.sources)
    if args.json:
        print(json.dumps({"sources": [_status_json(s) for s in statuses]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    now = utc_now()
    rows = [("SOURCE", "LAST FETCH", "RESULT", "FAILS", "ITEMS", "NEWEST ITEM", "NEXT CHECK")]
    for s in statuses:
        rows.append((s.id, _ago(s.last_fetch_at, now), s.outcome or "never fetched", str(s.consecutive_failures),
                     str(s.items_total), _day(s.newest_item_at), _ago(s.next_check_at, now)))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for s in statuses:
        if s.error_message:  # a failure's cause, or what the caps cut from a source that worked
            print(f"{s.id}: {s.outcome}: {s.error_message}")
        if s.moved_to:
            print(f"{s.id}: moved permanently to {s.moved_to}: polled there now; update its url in {config.path}")
        elif s.fetch_url and s.fetch_url != s.url:
            print(f"{s.id}: polling {s.fetch_url} (found from {s.url})")
        if s.gone:
            print(f"{s.id}: gone (HTTP 410): no longer polled until its url in {config.path} changes")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    decision = withdraw(store, args.story, args.reason, args.by or acting_user(), utc_now())
    return _publish_decision(config, store, decision, "withdrawn")


def cmd_restore(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    decision = restore(store, args.story, args.by or acting_user(), utc_now())
    return _publish_decision(config, store, decision, "restored")


def _publish_decision(config: Config, store: Store, decision: Decision, done: str) -> int:
    story, withdrawal = decision.story, decision.withdrawal
    if decision.changed:
        print(f"{done}: {story.title} ({story.id})")
    elif withdrawal is not None:
        print(f"already withdrawn by {withdrawal.by} on {withdrawal.at:%Y-%m-%d}: {withdrawal.reason} ({story.id})")
    else:
        print(f"not withdrawn: {story.title} ({story.id})")
    try:
        publish_outputs(config, store)
    except PublishError as error:
        raise PublishError(f"{done} in the database, but publishing failed: {error}") from error
    print(f"published into {config.output_dir}")
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = Store(config.database)
    store.create_schema()
    store.close()
    if config.database.startswith("postgresql"):
        from aggregator.worker import apply_schema  # procrastinate only where it is used

        asyncio.run(apply_schema(config))
    print(f"database ready: {config.database}")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from aggregator.worker import run_worker  # procrastinate only where it is used

    if not args.verbose:
        logging.getLogger("procrastinate").setLevel(logging.WARNING)  # it logs every job at INFO
    asyncio.run(run_worker(load_config(args.config), args.concurrency, queues=args.queue or None))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from aggregator.serve import HealthInfo, run_server  # the web stack only for this command

    config = load_config(args.config)
    max_age = parse_interval(args.max_age)
    if max_age is None:
        raise ConfigError(f"--max-age {args.max_age!r} must look like 30m, 2h or 1d")
    store = open_store(config)

    def health() -> HealthInfo:
        published, publish_error = store.publish_outcome(str(config.output_dir))
        return HealthInfo(store.last_collection_at(), published, publish_error=publish_error)

    print(f"serving {config.output_dir} at http://{args.host}:{args.port}/ (health: /healthz)", flush=True)
    run_server(config.output_dir, health, args.host, args.port, max_age=max_age)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aggregator.demo import FIXTURES, PartnerWeb

    template = FIXTURES / "demo-sources.yaml"
    if not template.is_file():
        print(f"demo: {template} not found; the demo runs from a source checkout", file=sys.stderr)
        return EXIT_FAILED
    workdir = Path.cwd()
    database = workdir / "demo.db"
    for stale in (database, database.with_name("demo.db-wal"), database.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)  # a fresh start: the partner web gets a new port each run
    with PartnerWeb() as web:
        text = template.read_text(encoding="utf-8").replace("http://partner.test", web.base_url)
        config = parse_config(text, workdir / "demo-sources.yaml")
        output_dir = (workdir / args.output).resolve()
        staff = dataclasses.replace(config.staff_settings, output_dir=output_dir.with_name(f"{output_dir.name}-staff"))
        config = dataclasses.replace(config, output_dir=output_dir, staff=staff)
        print(f"serving the fixture partner web at {web.base_url}/")
        store = open_store(config)
        report = run_once(config, store, everything=True)
    if report is None:
        return EXIT_FAILED  # another demo is collecting into the same folder
    collection = report.collection
    print(
        f"collected {len(collection.reports)} sources: {collection.new} new stories, {len(collection.failed)} failing"
    )
    for source in collection.reports:
        detail = (
            f"{source.entries} items, {source.new} new"
            if source.outcome != "error"
            else f"{source.error_kind}: {source.error_message}"
        )
        print(f"  {source.source_id:<16} {source.outcome:<13} {detail}")
    out = config.output_dir
    print(f"published into {out}:")
    for name in ("index.html", "feed.atom", "feed.rss", "feed.json", "sources.opml"):
        print(f"  {out / name}")
    languages = sorted(p.parent.name for p in out.glob("*/feed.atom"))
    print(f"  per language: {', '.join(languages)} ({out}/<lang>/feed.atom|rss|json)")
    print(f"open file://{out / 'index.html'} in a browser to read it as the public does,")
    print(f"and file://{config.staff_settings.output_dir / 'index.html'} for the staff page")
    return EXIT_OK


def _config_with_sources(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    unknown = [source for source in args.source if source not in {s.id for s in config.sources}]
    if unknown:
        raise ConfigError(f"{config.path}: no source with id {', '.join(map(repr, unknown))}")
    return config


def _print_failures(report: PassReport) -> None:
    # Quiet on success (cron mails whatever is printed); one line per failing source.
    for failed in report.failed:
        print(f"{failed.source_id}: {failed.error_kind}: {failed.error_message}", file=sys.stderr)


def _status_json(status: SourceStatus) -> dict[str, object]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": status.id,
        "name": status.name,
        "url": status.url,
        "fetch_url": status.fetch_url,
        "last_fetch_at": iso(status.last_fetch_at),
        "result": status.outcome,
        "error": status.error_message,
        "http_status": status.http_status,
        "consecutive_failures": status.consecutive_failures,
        "last_success_at": iso(status.last_success_at),
        "next_check_at": iso(status.next_check_at),
        "items_total": status.items_total,
        "newest_item_at": iso(status.newest_item_at),
        "gone": status.gone,
        "moved_to": status.moved_to,
    }


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "-"
    seconds = int((now - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    text = (
        f"{seconds}s"
        if seconds < 120
        else f"{seconds // 60}m"
        if seconds < 7200
        else f"{seconds // 3600}h"
        if seconds < 172800
        else f"{seconds // 86400}d"
    )
    return f"in {text}" if future else f"{text} ago"


def _day(when: datetime | None) -> str:
    return when.date().isoformat() if when else "-"
