"""A loopback HTTP server whose routes misbehave on purpose, for the fetcher's tests."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

Route = Callable[[BaseHTTPRequestHandler], None]

RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>http://x/</link>
<item><title>One</title><link>http://x/1</link></item></channel></rss>"""


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if "Content-Length" not in (headers or {}):
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def feed_with_etag(handler: BaseHTTPRequestHandler) -> None:
    if handler.headers.get("If-None-Match") == '"v1"':
        send(handler, 304, headers={"ETag": '"v1"'})
    else:
        send(handler, 200, RSS, {"ETag": '"v1"', "Content-Type": "application/rss+xml"})


def gzipped(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, gzip.compress(RSS), {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})


def gzip_bomb(handler: BaseHTTPRequestHandler) -> None:
    # 50 MB of zeros, about 50 KB on the wire.
    send(handler, 200, gzip.compress(b"\0" * 50_000_000, compresslevel=9), {"Content-Encoding": "gzip"})


def huge(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"x" * 65536
    try:
        for _ in range(400):  # 26 MB unless the client hangs up first
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass


def trickle(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    try:
        for _ in range(1000):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)  # each byte well inside a read timeout; the whole far beyond the deadline
    except OSError:
        pass


def redirect_to(target: str) -> Route:
    return lambda handler: send(handler, 301, headers={"Location": target})


def status(code: int) -> Route:
    return lambda handler: send(handler, code, b"error page")


def cp1251_feed(handler: BaseHTTPRequestHandler) -> None:
    body = '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title><item><title>Права человека</title>' \
           "<link>http://x/1</link></item></channel></rss>"  # fmt: skip
    send(handler, 200, body.encode("cp1251"), {"Content-Type": "application/rss+xml; charset=windows-1251"})


class HostileServer:
    """Serve `routes` (path -> handler) on 127.0.0.1; unknown paths are 404."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"not found")
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
