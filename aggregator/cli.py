"""The `aggregator` command: parsing, errors and most commands (the staff's are in cli_staff);
with cli_staff, the only modules that print for humans."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import errno
import json
import logging
import os
import socket
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from aggregator import __version__, cli_staff, status_view
from aggregator.clock import utc_now
from aggregator.collect import PassReport
from aggregator.config import DEFAULT_PATH, ConfigError, load_config, parse_interval
from aggregator.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from aggregator.models import Config
from aggregator.pipeline import (
    collect,
    missing_database_file,
    never_fetched,
    open_store,
    publish_outputs,
    run_once,
)
from aggregator.progress import is_live, shared_failure, summary_line, watching
from aggregator.publish import PublishError
from aggregator.staff_actions import StaffActionError
from aggregator.store import Store, StoreError

EXIT_BROKEN_PIPE = 141  # what a shell reports for a command ended by SIGPIPE
HISTORY_FETCHES = 20  # `status SOURCE` shows this many of its last fetches


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake told in one line instead of the usage text and the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _demo_port(text: str) -> int:
    return 0 if text == "0" else _port(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (`status | head`): nothing left to say, and the interpreter's own
        # flush of stdout at exit must not fail again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except BrokenPipeError:
        raise
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
    parser = _Parser(prog="aggregator", description="Collect partner news and publish one combined feed.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, DEFAULT_PATH, False)
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
    status.add_argument("source", nargs="?", metavar="SOURCE", help="one source, with its last fetches")
    status.add_argument("--json", action="store_true", help="one JSON document")
    status.set_defaults(handler=cmd_status)

    cli_staff.add_commands(commands)
    commands.add_parser(
        "migrate", help="create or upgrade the database tables (and procrastinate's, on PostgreSQL)"
    ).set_defaults(handler=cmd_migrate)

    worker = commands.add_parser("worker", help="collect as one of many procrastinate workers over PostgreSQL")
    worker.add_argument("--concurrency", type=int, default=10, help="jobs at once (default: 10)")
    worker.add_argument(
        "--queue", action="append", choices=["collect", "publish"], help="only this queue (repeatable; default: both)"
    )
    worker.set_defaults(handler=cmd_worker)

    serve = commands.add_parser("serve", help="serve the published files, with /healthz and /metrics (staff login)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8080, help="port (default: 8080)")
    serve.add_argument("--max-age", default="2h", help="/healthz says 503 when collecting or publishing is older")
    serve.set_defaults(handler=cmd_serve)

    opml = commands.add_parser("import-opml", help="add the feeds of an OPML subscription list to the config")
    opml.add_argument("file", type=Path, help="the OPML file (from Miniflux, FreshRSS, newsboat, Feedly...)")
    opml.add_argument("--dry-run", action="store_true", help="say what would be added; change nothing")
    opml.set_defaults(handler=cmd_import_opml)

    demo = commands.add_parser("demo", help="collect the bundled fixture partners offline and publish into ./public")
    demo.add_argument("--output", type=Path, default=Path("public"), help="where to publish (default: ./public)")
    demo.add_argument(
        "--serve", action="store_true", help="then serve the output and the partner web on 127.0.0.1 until Ctrl-C"
    )
    demo.add_argument(
        "--port", type=_demo_port, help="with --serve (default: 8080, or a free one when taken; 0: any free port)"
    )
    demo.set_defaults(handler=cmd_demo)
    for command in commands.choices.values():
        # Also after the command name (`aggregator status --config x.yaml`); not given there,
        # they leave the value given before it, or the default, as it was.
        _common_options(command, argparse.SUPPRESS, argparse.SUPPRESS)
    return parser


def _common_options(parser: argparse.ArgumentParser, config_default: object, verbose_default: object) -> None:
    parser.add_argument("--config", type=Path, default=config_default, help="config file (default: ./sources.yaml)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=verbose_default, help="log every source and pass to stderr"
    )


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    print(f"{config.path}: ok, {len(config.sources)} sources")
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    config = _config_with_sources(args)
    live = is_live(sys.stderr, os.environ.get("TERM"))
    store = open_store(config)
    with watching(sys.stderr, live=live) as watcher:
        report = collect(config, store, only=args.source, everything=args.all, on_gathered=watcher.gathered)
    if report:
        _print_failures(report, config)
        if live:  # under cron, quiet on success: cron mails whatever is printed
            print(summary_line(report))
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
        _print_failures(report, config)  # before publishing, so a failing publish does not hide them
        publish_outputs(config, store)
        return EXIT_OK
    from aggregator.schedule import run_daemon  # APScheduler is only needed by the daemon

    run_daemon(config, store)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.source is not None and args.source not in {source.id for source in config.sources}:
        raise ConfigError(f"{config.path}: no source with id {args.source!r}")
    configured = [s for s in config.sources if args.source in (None, s.id)]
    missing = missing_database_file(config)
    if missing and not config.auto_migrate:  # collecting would refuse too: the tables are made by hand
        raise StoreError(f"no database yet at {missing}: run `aggregator migrate`")
    if missing:  # a read-only command: opening the database would create it
        print(f"no database yet at {missing}: nothing collected (run `aggregator collect`)", file=sys.stderr)
        statuses, gaps, fetches = [never_fetched(source) for source in configured], {}, []
    else:
        store = open_store(config)
        statuses, gaps = store.source_statuses(configured), store.posting_gaps()
        fetches = store.recent_fetches(args.source, HISTORY_FETCHES) if args.source else []
    sources = {source.id: source for source in config.sources}
    if args.json:
        document: dict[str, object] = {
            "sources": [status_view.as_json(s, sources.get(s.id), gaps.get(s.id)) for s in statuses]
        }
        if args.source:
            document["fetches"] = status_view.history_json(fetches)
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    for line in status_view.table(statuses, utc_now()):
        print(line)
    for line in status_view.notes(statuses, sources, gaps, config.path):
        print(line)
    if args.source:
        kept = f"kept {status_view.span(config.keep_fetches)}"
        print(f"\nlast {len(fetches)} fetches (newest first; {kept}):" if fetches else "\nno fetches yet")
        for line in status_view.history(fetches) if fetches else []:
            print(line)
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
    from aggregator import metrics
    from aggregator.serve import HealthInfo, run_server, staff_refusal  # the web stack only for this command

    config = load_config(args.config)
    max_age = parse_interval(args.max_age)
    if max_age is None:
        raise ConfigError(f"--max-age {args.max_age!r} must look like 30m, 2h or 1d")
    store = open_store(config)

    def health() -> HealthInfo:
        published, publish_error = store.publish_outcome(str(config.output_dir))
        return HealthInfo(store.last_collection_at(), published, publish_error=publish_error)

    def metrics_text() -> bytes:  # read from the store at each scrape; staff only (serve.py)
        return metrics.exposition(metrics.snapshot(config, store), monitor_only_by_id=True)

    problem = _listen_problem(args.host, args.port)
    if problem:  # said before "serving ... at", which would not be true
        print(f"serve: {problem}", file=sys.stderr)
        return EXIT_FAILED
    staff = config.staff_settings
    staff_note = "" if staff_refusal(staff) else f"; staff pages from {staff.output_dir}: /staff/, metrics: /metrics"
    print(f"serving {config.output_dir} at http://{args.host}:{args.port}/ (health: /healthz{staff_note})", flush=True)
    run_server(config.output_dir, health, args.host, args.port, staff=staff, max_age=max_age, metrics=metrics_text)
    return EXIT_OK


def cmd_import_opml(args: argparse.Namespace) -> int:
    from aggregator.opml_import import current_config, plan_import, sources_text, write_sources
    from aggregator.opml_read import OpmlError, read_opml

    try:
        feeds = read_opml(args.file.read_bytes())
    except OSError as error:
        print(f"import-opml: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    except OpmlError as error:
        print(f"import-opml: {args.file}: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        text = args.config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{args.config}: cannot read config: {getattr(error, 'strerror', None) or error}") from error
    current = current_config(text, str(args.config))
    plan = plan_import(feeds, current.sources, current.link)
    if plan.added and not args.dry_run:
        write_sources(args.config, sources_text(text, str(args.config), plan.added))
    verb = "would add" if args.dry_run else "added"
    print(f"{args.file}: {len(feeds)} feeds; {verb} {len(plan.added)} to {args.config}, skipped {len(plan.skipped)}")
    for source in plan.added:
        folder = f" [{' / '.join(source.categories)}]" if source.categories else ""
        print(f"  + {source.id}: {source.name} <{source.url}>{folder}")
    for skipped in plan.skipped:
        print(f"  - {skipped.url}: {skipped.reason}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aggregator import demo_run
    from aggregator.demo import FIXTURES, PartnerWeb

    template = FIXTURES / "demo-sources.yaml"
    if not template.is_file():
        print(f"demo: {template} not found; the demo runs from a source checkout", file=sys.stderr)
        return EXIT_FAILED
    workdir = Path.cwd()
    demo_run.remove_database(workdir / "demo.db")
    output_dir = (workdir / args.output).resolve()
    with contextlib.ExitStack() as running, PartnerWeb() as web:
        print(f"serving the fixture partner web at {web.base_url}/")
        text = template.read_text(encoding="utf-8")
        config = demo_run.demo_config(text, web.base_url, workdir / "demo-sources.yaml", output_dir)
        store = open_store(config)
        password = None
        if args.serve:  # served before publishing: the published links name the served address
            config, password = demo_run.with_staff_password(config)
            try:
                served = running.enter_context(demo_run.serving_output(config, store, args.port))
            except OSError as error:
                print(f"demo: cannot serve on port {args.port}: {error.strerror or error}", file=sys.stderr)
                return EXIT_FAILED
            config = dataclasses.replace(config, link=served + "/")
        report = run_once(config, store, everything=True)
        if report is None:
            return EXIT_FAILED  # another demo is collecting into the same folder
        for line in (*demo_run.summary(report.collection), *demo_run.published_files(config)):
            print(line)
        for line in demo_run.where_to_read(config, password):
            print(line, flush=True)
        if password is None:
            return EXIT_OK
        try:
            demo_run.wait_for_interrupt()
        except KeyboardInterrupt:
            print("stopped")
    return EXIT_OK


def _listen_problem(host: str, port: int) -> str | None:
    """Why `serve` could not listen on host:port, found by binding it for a moment; None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            return None
    except OSError as error:
        reason = "address already in use" if error.errno == errno.EADDRINUSE else error.strerror or str(error)
        return f"cannot listen on {host}:{port}: {reason}"


def _config_with_sources(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    unknown = [source for source in args.source if source not in {s.id for s in config.sources}]
    if unknown:
        raise ConfigError(f"{config.path}: no source with id {', '.join(map(repr, unknown))}")
    return config


def _print_failures(report: PassReport, config: Config) -> None:
    # Quiet on success (cron mails whatever is printed); one line per failing source, or one in
    # all when every source failed the same way: then our own network is the likely cause.
    shared = shared_failure(report, {source.id: urlsplit(source.url).hostname for source in config.sources})
    if shared:
        print(shared, file=sys.stderr)
        return
    for failed in report.failed:
        print(f"{failed.source_id}: {failed.error_kind}: {failed.error_message}", file=sys.stderr)
