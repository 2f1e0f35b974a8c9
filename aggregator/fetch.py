"""The one place for HTTP policy: every request the aggregator makes goes through `Fetcher`.

Policy held here: conditional GET, a deadline on the whole request, a size cap counted after
decompression while streaming, redirects followed by hand (so each hop is checked), the
private-address guard, robots.txt, per-host and global concurrency, and text decoding.
Every outcome, good or bad, comes back as a `FetchResult` value; nothing here raises to callers.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import ipaddress
import logging
import re
import socket
import time
from collections import defaultdict
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import httpx
from protego import Protego

from aggregator.models import CacheInfo, FetchResult, FetchSettings

log = logging.getLogger(__name__)

ACCEPT_FEED = (
    "application/atom+xml, application/rss+xml, application/feed+json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
NO_CACHE = CacheInfo()
ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted before it is fetched again


class _RefusedError(Exception):
    """A request we decline to make or finish; `kind` is the stored error kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class _Robots:
    rules: Protego | None  # None: everything allowed (no robots.txt)
    error: str | None  # robots.txt could not be read: the host is tried later
    fetched_at: float


class Fetcher:
    """An HTTP client with the aggregator's policy. Use as `async with Fetcher(settings) as f`."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(settings.timeout),
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(
                max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency
            ),
        )
        self._all = asyncio.Semaphore(settings.concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(settings.per_host))
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, cache: CacheInfo = NO_CACHE) -> FetchResult:
        """GET `url` under every limit; conditional when `cache` holds validators."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.settings.timeout):
                await self._check_robots(url)
                async with self._all, self._hosts[_host_key(url)]:
                    result = await self._get(url, cache)
        except _RefusedError as refused:
            result = FetchResult(url=url, outcome="error", error_kind=refused.kind, error_message=str(refused))
        except TimeoutError:
            result = _error(url, "timeout", f"no complete answer within {self.settings.timeout:g} s")
        except httpx.TimeoutException as error:
            result = _error(url, "timeout", f"{type(error).__name__}: {error}".rstrip(": "))
        except httpx.ConnectError as error:
            result = _error(url, "connection failed", str(error) or type(error).__name__)
        except httpx.DecodingError as error:
            result = _error(url, "bad compression", str(error))
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            result = _error(url, "connection broken", f"{type(error).__name__}: {error}")
        return dataclasses.replace(result, duration=time.monotonic() - started)

    async def _get(self, url: str, cache: CacheInfo) -> FetchResult:
        headers = {"Accept": ACCEPT_FEED}
        if cache.etag:
            headers["If-None-Match"] = cache.etag
        if cache.last_modified:
            headers["If-Modified-Since"] = cache.last_modified
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            await self._guard_address(current)
            async with self._client.stream("GET", current, headers=headers) as response:
                location = response.headers.get("location")
                if response.status_code in (301, 302, 303, 307, 308) and location:
                    current = urljoin(current, location)
                    if current in seen:
                        raise _RefusedError("redirect loop", f"redirect loop back to {current}")
                    seen.add(current)
                    continue
                return await self._finish(url, current, response)
        raise _RefusedError("too many redirects", f"more than {self.settings.max_redirects} redirects")

    async def _finish(self, url: str, final_url: str, response: httpx.Response) -> FetchResult:
        status = response.status_code
        common = {"url": url, "final_url": final_url, "status": status}
        if status == 304:
            return FetchResult(outcome="not_modified", cache=_cache_info(response), **common)  # type: ignore[arg-type]
        if status >= 400 or status < 200:
            return FetchResult(
                outcome="error",
                error_kind=f"HTTP {status}",
                error_message=response.reason_phrase or None,
                **common,  # type: ignore[arg-type]
            )
        body = await self._read_capped(response)
        content_type = response.headers.get("content-type", "")
        return FetchResult(
            outcome="ok",
            content_type=content_type,
            body=body,
            encoding=detect_encoding(body, content_type),
            cache=_cache_info(response),
            **common,  # type: ignore[arg-type]
        )

    async def _read_capped(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _RefusedError("too large", f"Content-Length {declared} is over the {limit} byte limit")
        chunks: list[bytes] = []
        size = 0
        # aiter_bytes yields decompressed bytes, so the cap holds for gzip as well.
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise _RefusedError("too large", f"body is over the {limit} byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _guard_address(self, url: str) -> None:
        """Refuse hosts that resolve to loopback, private, link-local or reserved addresses."""
        if self.settings.allow_private_networks:
            return
        host = urlsplit(url).hostname
        if not host:
            raise _RefusedError("bad address", f"no host in {url!r}")
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise _RefusedError("dns failed", f"cannot resolve {host}: {error.strerror}") from error
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global or address.is_multicast:
                raise _RefusedError("private address refused", f"{host} resolves to non-public address {address}")

    async def _check_robots(self, url: str) -> None:
        robots = await self._robots_for(url)
        if robots.error:
            raise _RefusedError("robots.txt unavailable", robots.error)
        if robots.rules and not robots.rules.can_fetch(url, self.settings.user_agent):
            raise _RefusedError(
                "blocked by robots.txt", f"robots.txt of {_host_key(url)} disallows {urlsplit(url).path}"
            )

    async def _robots_for(self, url: str) -> _Robots:
        key = _host_key(url)
        async with self._robots_locks[key]:
            cached = self._robots.get(key)
            if cached and time.monotonic() - cached.fetched_at < ROBOTS_TTL:
                return cached
            robots = await self._load_robots(key)
            self._robots[key] = robots
            return robots

    async def _load_robots(self, origin: str) -> _Robots:
        # The usual rules: a 4xx robots.txt means no rules; a 5xx or an unreachable host means
        # "not now", so the site is tried again later instead of being crawled blind.
        robots_url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            async with self._all, self._hosts[origin]:
                await self._guard_address(robots_url)
                response = await self._client.get(robots_url, follow_redirects=True)
        except _RefusedError:
            raise
        except httpx.HTTPError as error:
            return _Robots(None, f"robots.txt of {origin} unreachable: {type(error).__name__}", now)
        if response.status_code >= 500:
            return _Robots(None, f"robots.txt of {origin} answered HTTP {response.status_code}", now)
        if response.status_code >= 400:
            return _Robots(None, None, now)
        text = response.content[: self.settings.max_bytes].decode("utf-8", errors="replace")
        return _Robots(Protego.parse(text), None, now)


def _error(url: str, kind: str, message: str) -> FetchResult:
    return FetchResult(url=url, outcome="error", error_kind=kind, error_message=message)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _cache_info(response: httpx.Response) -> CacheInfo:
    return CacheInfo(etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))


# --- text decoding -----------------------------------------------------------------------------

_XML_PROLOG = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HTML_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def detect_encoding(body: bytes, content_type: str = "") -> str:
    """The text encoding of a body: BOM, HTTP charset, XML prolog, HTML meta, then detection.

    A declared encoding that Python does not know, or a declared UTF-8 that the bytes are not,
    is skipped: partner sites often say utf-8 while serving windows-1251.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = [_http_charset(content_type)]
    prolog = _XML_PROLOG.match(body[:200].lstrip())
    declared.append(prolog.group(1).decode("ascii") if prolog else None)
    meta = _HTML_META.search(body[:4096])
    declared.append(meta.group(1).decode("ascii") if meta else None)
    for name in declared:
        codec = _codec(name)
        if codec and (codec != "utf-8" or _is_utf8(body)):
            return codec
    if _is_utf8(body):
        return "utf-8"
    best = charset_normalizer.from_bytes(body[:65536]).best()
    return _codec(best.encoding if best else None) or "utf-8"


def _http_charset(content_type: str) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name.replace("_", "-")
    except LookupError:
        return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
