"""A loopback HTTP server whose routes misbehave on purpose, for the fetcher's tests."""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import zlib
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


def _chunked(handler: BaseHTTPRequestHandler, pieces: object, headers: dict[str, str] | None = None) -> None:
    """Stream `pieces` (an iterable of bytes) chunked, until done or the client hangs up."""
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        for piece in pieces:  # type: ignore[attr-defined]
            if piece:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass


def huge(handler: BaseHTTPRequestHandler) -> None:
    """200 MB of body, made as it is sent."""
    chunk = b"x" * 65536
    _chunked(handler, (chunk for _ in range(200 * 16)))


def gzip_bomb_2gb(handler: BaseHTTPRequestHandler) -> None:
    """2 GB of zeros gzip-compressed on the fly (about 2 MB on the wire if read to the end)."""

    def pieces() -> object:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * 1_048_576
        for _ in range(2048):
            yield compressor.compress(zeros)
        yield compressor.flush()

    _chunked(handler, pieces(), {"Content-Encoding": "gzip"})


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP reset in the middle of the headers."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
    handler.wfile.flush()
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def short_body(handler: BaseHTTPRequestHandler) -> None:
    """Content-Length promises more than is sent, then the connection closes."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(RSS[:50])
    handler.close_connection = True


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    "<link>http://x/1</link></item></channel></rss>"
).encode()


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


def redirect_to(target: str, code: int = 301) -> Route:
    return lambda handler: send(handler, code, headers={"Location": target})


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda handler: send(handler, code, b"error page", headers)


def body(content: bytes, content_type: str = "application/rss+xml", headers: dict[str, str] | None = None) -> Route:
    return lambda handler: send(handler, 200, content, {"Content-Type": content_type, **(headers or {})})


def cp1251_feed(handler: BaseHTTPRequestHandler) -> None:
    body = '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title><item><title>Права человека</title>' \
           "<link>http://x/1</link></item></channel></rss>"  # fmt: skip
    send(handler, 200, body.encode("cp1251"), {"Content-Type": "application/rss+xml; charset=windows-1251"})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on a bomb or a trickle is the point of these routes


class HostileServer:
    """Serve `routes` (path -> handler) on 127.0.0.1; unknown paths are 404."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with server._lock:
                    server.hits.append(self.path)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    route = server.routes.get(self.path.split("?")[0])
                    if route is None:
                        send(self, 404, b"not found")
                    else:
                        route(self)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
