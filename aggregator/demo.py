"""The bundled partner web: fixture feeds and pages served on 127.0.0.1.

`aggregator demo` collects from it, and the tests use it as a real HTTP server. Files under
`fixtures/web/` are served by path; the placeholder host `http://partner.test` inside them is
replaced by the server's real address, so links in the fixtures point back at the server.
Responses carry an ETag and Last-Modified and answer conditional requests with 304, as the
partners' WordPress sites do. Dates in the bodies are moved close to today (demo_dates.py), so
the demo shows partners posting now; `PartnerWeb.shift` says by how much, for tests comparing
with fixtures/expected/.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, date, datetime
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from aggregator.demo_dates import DEMO_AGES, DateShift, plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLACEHOLDER = b"http://partner.test"
CONTENT_TYPES = {".xml": "application/xml", ".html": "text/html", ".txt": "text/plain", ".json": "application/json"}
# Story links lead here, and the fixture web holds no posts: a reader following one from the demo
# is told so, instead of reading a bare "not found".
MISSING_POST = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Not part of the demo</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em">
<h1>Not part of the demo</h1><p>Here the partner's own post would be. The demo's partner web on this
computer holds the partners' feeds and news pages only, not their posts: the aggregator publishes a
link to each partner's post and never copies the post itself.</p></body></html>
"""
# A fixed date: the fixture web never changes while a server runs.
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


class PartnerWeb:
    """Serve `root` on 127.0.0.1 in a background thread. Use as a context manager.

    Dates are moved as `DEMO_AGES` says, counted from `today` (today in UTC when not given);
    folders it does not name are served as they are.
    """

    def __init__(self, root: Path = FIXTURES / "web", port: int = 0, *, today: date | None = None) -> None:
        self.root = root.resolve()
        self.shift: DateShift = plan(self.root, today or datetime.now(UTC).date(), DEMO_AGES)
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) of every request
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def body(self, path: str) -> bytes | None:
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root) or not file.is_file():
            return None
        body = self.shift.apply(path, file.read_bytes())
        return body.replace(PLACEHOLDER, self.base_url.encode("ascii"))

    def __enter__(self) -> PartnerWeb:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(web: PartnerWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            web.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            body = web.body(path)
            if body is None:
                if path.endswith(("/", ".html")):
                    self._send(HTTPStatus.NOT_FOUND, MISSING_POST, "text/html; charset=utf-8")
                else:
                    self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(HTTPStatus.NOT_MODIFIED, b"", None, etag)
                return
            self._send(HTTPStatus.OK, body, CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream"), etag)

        def _send(self, status: HTTPStatus, body: bytes, content_type: str | None, etag: str | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            pass  # quiet: the demo prints its own summary

    return Handler
