"""Serve the published folder over HTTP, with a health endpoint (Starlette app, run by uvicorn).

- Only the files the last publish wrote, as its manifest (publish/manifest.py) lists them: any
  other path is 404, whatever else the folder holds; directories are never listed.
- Files: conditional GET (ETag and Last-Modified from the file, 304 on If-None-Match or
  If-Modified-Since), gzip for clients that accept it, the feed formats' own content types,
  `/` and `partners/<id>/` answered by their index.html. publish only rewrites files whose bytes
  changed, so validators stay valid across publishes and feed readers get 304s.
- `/healthz`: the last collection and publish times as JSON; 200 while both are recent, 503 when
  either is older than `max_age` (or missing), or the last publish failed, so a monitor notices a
  stopped scheduler or a broken publish.
- `/metrics`: Prometheus metrics (aggregator.metrics), only with the staff login: they name
  every source, monitor-only partners too, whose ids must not be public. 404 without a password.
- Slow and surplus clients are cut off (serve_guard.py).
- `/staff/`: the staff folder (`config.staff_settings.output_dir`), by the same manifest rule,
  only with the staff user's password (HTTP Basic, checked by staff_auth.StaffLogin); never
  cached or indexed. With no password hash configured, /staff/ is 404 for everyone: there is no
  "loopback clients may read it" fallback, because behind a reverse proxy on the same host every
  request arrives from 127.0.0.1, and the staff pages would be public.

Nothing here reads the database: the caller passes a `health` callable (cli.py builds it from
the store, which keeps every publish's outcome), and a `metrics` one read at each scrape.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aggregator.clock import utc_now
from aggregator.models import StaffSettings
from aggregator.publish.manifest import MANIFEST_NAME, read_manifest
from aggregator.serve_guard import (
    BACKLOG,
    DEFAULT_LIMITS,
    KEEP_ALIVE_TIMEOUT,
    Limits,
    guarded_protocol,
    limit_accept_error_log,
)
from aggregator.staff_auth import SCRYPT_AT_ONCE, Attempt, Decision, StaffLogin, Verdict, parse_password_hash

__all__ = ["DEFAULT_MAX_AGE", "STAFF_CHALLENGE", "HealthInfo", "create_app", "run_server", "serving", "staff_refusal"]

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE = timedelta(hours=2)

# By suffix; the feeds' registered types, so browsers and readers know what they get.
CONTENT_TYPES = {
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".json": "application/feed+json",  # every .json we publish is a JSON Feed (1.1 registers this type)
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}

METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # Prometheus's text format
STAFF_CHALLENGE = 'Basic realm="aggregator staff", charset="UTF-8"'
# On every /staff/ answer, the 401s and 404s too: no cache or search engine keeps any of it.
STAFF_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass(frozen=True)
class HealthInfo:
    """When the aggregator last collected (any source fetched) and last published, and why the
    last publish failed (None when it succeeded)."""

    last_collection_at: datetime | None
    last_publish_at: datetime | None
    publish_error: str | None = None


def create_app(
    output_dir: Path,
    health: Callable[[], HealthInfo],
    *,
    staff: StaffSettings | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    clock: Callable[[], datetime] = utc_now,
    metrics: Callable[[], bytes] | None = None,
) -> ASGIApp:
    """The ASGI app serving `output_dir`, `/healthz` and the staff folder under `/staff/`.

    Args:
        output_dir: the publish output folder; may not exist yet (everything is 404 until then).
        health: called on every /healthz request; may raise (answered 503).
        staff: where the staff pages are and who may read them; None or without a usable
            password hash: /staff/ is 404.
        max_age: older collections or publishes than this make /healthz answer 503.
        clock: the current time, for tests.
        metrics: the Prometheus text for /metrics, read at each request; None: /metrics is 404.
    """

    async def healthz(request: Request) -> Response:
        now = clock()
        try:
            info = health()
        except Exception as error:  # any failure of the check itself means "unhealthy"
            body = {"status": "error", "error": f"{type(error).__name__}: {error}", "checked_at": now.isoformat()}
            return JSONResponse(body, status_code=503, headers={"Cache-Control": "no-store"})
        problems = [
            f"no {what} within {_words(max_age)}"
            for what, moment in (("collection", info.last_collection_at), ("publish", info.last_publish_at))
            if moment is None or now - moment > max_age
        ]
        if info.publish_error is not None:
            problems.append(f"the last publish failed: {info.publish_error}")
        body = {
            "status": "failing" if info.publish_error is not None else "stale" if problems else "ok",
            "last_collection_at": _iso(info.last_collection_at),
            "last_publish_at": _iso(info.last_publish_at),
            "publish_error": info.publish_error,
            "max_age_seconds": int(max_age.total_seconds()),
            "checked_at": now.isoformat(),
            "problems": problems,
        }
        return JSONResponse(body, status_code=503 if problems else 200, headers={"Cache-Control": "no-store"})

    staff_area = _StaffArea(staff)

    async def metrics_text(request: Request) -> Response:
        if metrics is None:
            return PlainTextResponse("Not Found", status_code=404, headers=STAFF_HEADERS)
        refusal = await staff_area._refusal(request.scope)
        if refusal is not None:
            refusal.headers.update(STAFF_HEADERS)
            return refusal
        try:
            body = await run_in_threadpool(metrics)  # the store's queries, off the event loop
        except Exception as error:  # an unreachable database: the scrape fails, the server does not
            log.warning("metrics failed: %s: %s", type(error).__name__, error)
            return PlainTextResponse("metrics unavailable\n", status_code=503, headers=STAFF_HEADERS)
        return Response(body, media_type=METRICS_CONTENT_TYPE, headers=STAFF_HEADERS)

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/metrics", metrics_text, methods=["GET", "HEAD"]),
            # Before "/": a public file named staff/... could never answer for the staff area.
            Route("/staff", staff_area.redirect_to_root),
            Mount("/staff", app=staff_area),
            Mount("/", app=_PublishedFiles(directory=output_dir, html=True, check_dir=False)),
        ],
        middleware=[Middleware(GZipMiddleware, minimum_size=500)],
    )


def run_server(
    output_dir: Path,
    health: Callable[[], HealthInfo],
    host: str,
    port: int,
    *,
    staff: StaffSettings | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    limits: Limits = DEFAULT_LIMITS,
    metrics: Callable[[], bytes] | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn handles both and finishes open requests)."""
    app = create_app(output_dir, health, staff=staff, max_age=max_age, metrics=metrics)
    refusal = staff_refusal(staff)
    if refusal:
        log.warning("%s", refusal)
    uvicorn.Server(_uvicorn_config(app, limits, host=host, port=port, log_level="info")).run()


def _uvicorn_config(app: ASGIApp, limits: Limits, **options: Any) -> uvicorn.Config:
    limit_accept_error_log()
    return uvicorn.Config(
        app,
        http=guarded_protocol(limits),
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        backlog=BACKLOG,
        server_header=False,
        **options,
    )


@contextmanager
def serving(
    output_dir: Path,
    health: Callable[[], HealthInfo],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    staff: StaffSettings | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    limits: Limits = DEFAULT_LIMITS,
    metrics: Callable[[], bytes] | None = None,
) -> Iterator[str]:
    """Serve in a background thread while the block runs; yields the base URL ("http://host:port").

    For tests and the demo: port 0 picks a free port.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    app = create_app(output_dir, health, staff=staff, max_age=max_age, metrics=metrics)
    server = uvicorn.Server(_uvicorn_config(app, limits, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        bound_host, bound_port = sock.getsockname()[:2]
        yield f"http://{bound_host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class _PublishedFiles(StaticFiles):
    """StaticFiles limited to the files the manifest lists, with our content types and headers."""

    def __init__(self, *, directory: Path, **options: Any) -> None:
        super().__init__(directory=directory, **options)
        self.output_dir = directory
        # (the manifest's identity, the paths it lists): re-read only when publish replaced it.
        self._manifest: tuple[tuple[int, int, int], frozenset[str]] = ((0, 0, 0), frozenset())

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        # `path` is normalised already ("partners/cag", "." for the root). A folder is looked up
        # only when its index.html is listed: StaticFiles then looks that up too.
        parts = Path(path).parts
        listed = self._listed()
        if "/".join(parts) in listed or "/".join((*parts, "index.html")) in listed:
            return super().lookup_path(path)
        return "", None

    def _listed(self) -> frozenset[str]:
        try:
            stat = (self.output_dir / MANIFEST_NAME).stat()
        except OSError:
            return frozenset()
        identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._manifest[0] != identity:
            # Several threads may read it at once after a publish; each gets a whole manifest.
            self._manifest = (identity, read_manifest(self.output_dir))
        return self._manifest[1]

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        media_type = CONTENT_TYPES.get(Path(full_path).suffix.lower())
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result, media_type=media_type)
        # Caches may keep a copy but must ask again (cheap: a 304) before using it.
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if media_type and media_type.startswith("text/html"):
            # The pages carry their own script policy; framing can only be refused in a header.
            response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            response.headers["Referrer-Policy"] = "no-referrer"
        not_modified = self.is_not_modified(response.headers, Headers(scope=scope))
        # GZipMiddleware may send this file gzipped, a different representation with the same
        # ETag, which a strong ETag must not be (RFC 9110 8.8.1); a weak one may. If-None-Match
        # compares weakly (8.8.3.2), so 304s work the same.
        response.headers["ETag"] = "W/" + response.headers["ETag"]
        return NotModifiedResponse(response.headers) if not_modified else response

    async def check_config(self) -> None:
        # The folder appears with the first publish; until then every file is simply not found.
        return None


def staff_refusal(staff: StaffSettings | None) -> str | None:
    """Why /staff/ is not served with these settings, as one line for the log; None when it is."""
    how = (
        "run `aggregator staff-password` and put the hash it prints in the config"
        " (staff: {password_hash: ...}) or in AGGREGATOR_STAFF_PASSWORD_HASH"
    )
    if staff is None or staff.password_hash is None:
        return f"the staff pages (/staff/) are not served: no staff password is set; to serve them, {how}"
    if parse_password_hash(staff.password_hash) is None:
        return f"the staff pages (/staff/) are not served: the staff password_hash is not in the right form; {how}"
    return None


class _StaffArea:
    """/staff/...: the staff folder's listed files, for the staff user only (see the module doc)."""

    def __init__(self, staff: StaffSettings | None) -> None:
        self.login: StaffLogin | None = None
        self.files: _PublishedFiles | None = None
        # Checks waiting for scrypt wait here, not in the thread pool: 120 queued guesses once
        # held all its threads, and public files (looked up in those threads) waited 2.7 s.
        self._scrypt_turns = asyncio.Semaphore(SCRYPT_AT_ONCE)
        if staff is not None and staff.password_hash is not None and staff_refusal(staff) is None:
            self.login = StaffLogin(staff.user, staff.password_hash)
            self.files = _PublishedFiles(directory=staff.output_dir, html=True, check_dir=False)

    async def redirect_to_root(self, request: Request) -> Response:
        # Relative pages on /staff/ resolve against the folder only with the slash.
        if self.login is None:
            return PlainTextResponse("Not Found", status_code=404, headers=STAFF_HEADERS)
        return RedirectResponse("/staff/", headers=STAFF_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        send = _adding_headers(send, STAFF_HEADERS)
        response = await self._refusal(scope)
        if response is None and self.files is not None:
            try:
                await self.files(scope, receive, send)
                return
            except HTTPException as error:  # answered here, so the staff headers are on it too
                response = PlainTextResponse(error.detail, status_code=error.status_code, headers=error.headers)
        if response is not None:
            await response(scope, receive, send)

    async def _refusal(self, scope: Scope) -> Response | None:
        if self.login is None:
            return PlainTextResponse("Not Found", status_code=404)
        client = scope.get("client")
        authorization = Headers(scope=scope).get("authorization")
        decision = self.login.first_look(authorization, client[0] if client else "")
        if isinstance(decision, Attempt):
            decision = await self._verify(self.login, decision)
        if decision.verdict is Verdict.ALLOWED:
            return None
        if decision.verdict is Verdict.TOO_MANY:
            return PlainTextResponse(
                "Too many failed logins from your address; try again later.\n",
                status_code=429,
                headers={"Retry-After": str(decision.retry_after)},
            )
        return PlainTextResponse("Login needed.\n", status_code=401, headers={"WWW-Authenticate": STAFF_CHALLENGE})

    async def _verify(self, login: StaffLogin, attempt: Attempt) -> Decision:
        # scrypt takes tens of milliseconds of CPU: off the event loop, which serves everyone else.
        async with self._scrypt_turns:
            return await run_in_threadpool(login.verify, attempt)


def _adding_headers(send: Send, headers: dict[str, str]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            response_headers = MutableHeaders(scope=message)
            for name, value in headers.items():
                response_headers[name] = value
        await send(message)

    return sending


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _words(age: timedelta) -> str:
    seconds = int(age.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
