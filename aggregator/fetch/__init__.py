"""The one place for HTTP policy: every request the aggregator makes goes through `Fetcher`.

Policy held here: conditional GET; a connect timeout and a deadline on each whole request; a
size cap counted after decompression while streaming (`decompress`); redirects followed by hand,
capped, with loops detected; the private-address guard on every request (`_request`, the one
way out) and every connection (`guard`); robots.txt with Crawl-delay and per-host and global
concurrency (`politeness`), each host's robots.txt trusted across passes while fresh (the caller
stores what `take_robots_read` gives and hands it back at construction); status codes turned
into what the scheduler needs (gone, Retry-After, max-age, permanent moves); text decoding
(`encoding`). Every outcome comes back as a `FetchResult` value; nothing here raises to callers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import re
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from aggregator.clock import utc_now
from aggregator.errors import AggregatorError
from aggregator.fetch.decompress import ACCEPT_ENCODING, BoundedDecoder, TooLargeError, UnsupportedEncodingError
from aggregator.fetch.encoding import detect_encoding
from aggregator.fetch.guard import AddressGuard, BadHostError, GuardedResolver, RefusedAddressError, check_as_sent
from aggregator.fetch.politeness import HostGate, Robots, Slots, is_fresh, origin, robots_from_file
from aggregator.models import CacheInfo, FetchResult, FetchSettings, RobotsFile

__all__ = ["Fetcher", "detect_encoding", "origin"]

log = logging.getLogger(__name__)

ACCEPT_FEED = (
    "application/atom+xml, application/rss+xml, application/feed+json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
NO_CACHE = CacheInfo()
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
ROBOTS_MAX_BYTES = 512_000  # a robots.txt larger than this is cut, as the big crawlers do
MAX_RETRY_AFTER = timedelta(days=7)  # a bogus Retry-After must not silence a source for good
CONNECT_TIMEOUT = 10.0
# What makes a robots.txt unreadable, so the host is tried later; a refused address is not one.
_ROBOTS_FAILURES = (
    TimeoutError,
    httpx.HTTPError,
    aiohttp.ClientError,
    BadHostError,
    UnsupportedEncodingError,
    zlib.error,
)
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


class _RefusedError(AggregatorError):
    """A request we decline to make or to finish; `kind` is the stored error kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Fetcher:
    """An HTTP client with the aggregator's policy. Use as `async with Fetcher(settings) as f`.

    `robots_files`: robots.txt files read before (by earlier passes or other workers); each is
    used while fresh instead of asking its host again. `now`: the clock their ages are taken by.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        robots_files: Iterable[RobotsFile] = (),
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.settings = settings
        self._now = now
        self._known_robots: dict[str, RobotsFile] = {}
        self._robots_read: dict[str, RobotsFile] = {}
        self.remember_robots(robots_files)
        self._guard = AddressGuard(
            allow_private=settings.allow_private_networks, allowed_networks=settings.allowed_networks
        )
        self._transport = _guarded_transport(settings, self._guard)
        self._headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        self._timeout = httpx.Timeout(settings.timeout, connect=min(CONNECT_TIMEOUT, settings.timeout))
        self._all = Slots(settings.concurrency)
        self._gates: dict[str, HostGate] = {}
        self._limit_watchers: list[Callable[[], None]] = []

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._transport.aclose()

    async def fetch(self, url: str, cache: CacheInfo = NO_CACHE) -> FetchResult:
        """GET `url` under every limit; conditional when `cache` holds validators."""
        started = time.monotonic()
        try:
            result = await self._follow(url, cache)
        except _RefusedError as refused:
            result = _error(url, refused.kind, str(refused))
        except RefusedAddressError as refused:
            result = _error(url, "private address refused", str(refused))
        except BadHostError as error:
            result = _error(url, "bad address", str(error))
        except TooLargeError as error:
            result = _error(url, "too large", str(error))
        except (UnsupportedEncodingError, zlib.error) as error:
            result = _error(url, "bad compression", str(error) or type(error).__name__)
        except TimeoutError:
            result = _error(url, "timeout", f"no complete answer within {self.settings.timeout:g} s")
        except (httpx.HTTPError, aiohttp.ClientError) as error:
            result = _error(url, *_transport_failure(error))
        return dataclasses.replace(result, duration=time.monotonic() - started)

    async def _follow(self, url: str, cache: CacheInfo) -> FetchResult:
        headers = {"Accept": ACCEPT_FEED}
        if cache.etag:
            headers["If-None-Match"] = cache.etag
        if cache.last_modified:
            headers["If-Modified-Since"] = cache.last_modified
        seen: set[str] = set()
        current = url
        all_permanent = True
        deadline: float | None = None
        for hop in range(self.settings.max_redirects + 1):
            # Refused here, before even robots.txt is asked for; from here on only the guard's
            # reading of the URL is used (robots.txt, host gates, loops, what is reported).
            current, _ = self._guard.check_url(current)
            if current in seen:
                raise _RefusedError("redirect loop", f"redirect loop back to {current}")
            seen.add(current)
            host = origin(current)
            robots = await self._robots(host)
            if robots.unavailable:
                raise _RefusedError("robots.txt unavailable", f"{host}: {robots.unavailable}; trying later")
            if not robots.allows(current, self.settings.user_agent):
                raise _RefusedError("blocked by robots.txt", f"robots.txt of {host} disallows {current}")
            async with self._gate(host).slot(robots.crawl_delay(self.settings.user_agent)), self._all.take():
                # The deadline covers the whole request, redirects included, but not the wait
                # for a free slot: a busy host must not make its later sources time out.
                deadline = deadline or asyncio.get_running_loop().time() + self.settings.timeout
                async with (
                    asyncio.timeout_at(deadline),
                    self._request("GET", current, headers) as response,
                ):
                    location = response.headers.get("location")
                    if response.status_code not in REDIRECTS or not location:
                        moved = current if hop and all_permanent else None
                        return await self._finish(url, current, response, moved)
            all_permanent = all_permanent and response.status_code in PERMANENT_REDIRECTS
            current = urljoin(current, location)
        raise _RefusedError("too many redirects", f"more than {self.settings.max_redirects} redirects")

    async def _finish(self, url: str, final_url: str, response: httpx.Response, moved: str | None) -> FetchResult:
        status = response.status_code
        common = FetchResult(url=url, outcome="ok", final_url=final_url, status=status, permanent_redirect=moved)
        if status == 304:
            return dataclasses.replace(
                common, outcome="not_modified", cache=_cache_info(response), max_age=_max_age(response)
            )
        if status == 410:
            return dataclasses.replace(
                common, outcome="error", error_kind="gone", error_message="410 Gone: the source was removed"
            )
        if not 200 <= status < 300:
            return dataclasses.replace(
                common,
                outcome="error",
                error_kind=f"HTTP {status}",
                error_message=response.reason_phrase or None,
                retry_after=_retry_after(response) if status in (429, 503) else None,
            )
        body = await self._read(response, self.settings.max_bytes)
        content_type = response.headers.get("content-type", "")
        return dataclasses.replace(
            common,
            content_type=content_type,
            body=body,
            encoding=detect_encoding(body, content_type),
            cache=_cache_info(response),
            max_age=_max_age(response),
        )

    @contextlib.asynccontextmanager
    async def _request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """The one way a request leaves the fetcher (GETs, robots.txt, hub pings), so the one place
        for the guard: the URL goes on with its host as the guard read and judged it, and the HTTP
        stack must read that same host from it. Streamed, through the transport directly: the
        client's layers (cookies, auth, redirects; none wanted here) cost a fifth of a request's CPU."""
        url, host = self._guard.check_url(url)
        try:
            request = httpx.Request(
                method,
                url,
                headers={**self._headers, **(headers or {})},
                data=data,
                content=content,
                extensions={"timeout": self._timeout.as_dict()},
            )
        except httpx.InvalidURL as error:
            raise BadHostError(f"unreadable address {url!r}: {error}") from None
        check_as_sent(request.url, host)
        response = await self._transport.handle_async_request(request)
        try:
            yield response
        finally:
            await response.aclose()

    @staticmethod
    async def _read(response: httpx.Response, limit: int) -> bytes:
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "")
        if declared.isdigit() and int(declared) > limit and not encoding:
            raise TooLargeError(f"Content-Length {declared} is over the {limit} byte limit")
        decoder = BoundedDecoder(encoding, limit)
        chunks = [decoder.feed(chunk) async for chunk in response.aiter_raw()]
        chunks.append(decoder.flush())
        return b"".join(chunks)

    async def ping_hub(self, hub: str, topic: str) -> str | None:
        """Tell a WebSub hub that `topic` (a published feed's URL) changed; the error in words, or None."""
        return await self._post(hub, data={"hub.mode": "publish", "hub.url": topic})

    async def post_json(self, url: str, document: object) -> str | None:
        """POST `document` as JSON (a chat's incoming webhook); the error in words, or None."""
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return await self._post(url, content=body, headers={"Content-Type": "application/json"})

    async def _post(
        self,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str | None:
        try:
            async with (
                asyncio.timeout(self.settings.timeout),
                self._request("POST", url, headers=headers, data=data, content=content) as response,
            ):
                status = response.status_code
        except RefusedAddressError as error:
            return f"private address refused: {error}"
        except BadHostError as error:
            return f"bad address: {error}"
        except TimeoutError:
            return f"no answer within {self.settings.timeout:g} s"
        except (httpx.HTTPError, aiohttp.ClientError) as error:
            return " ".join(_transport_failure(error))
        return None if 200 <= status < 300 else f"HTTP {status}"

    def remember_robots(self, files: Iterable[RobotsFile]) -> None:
        """Robots.txt files read elsewhere (stored by an earlier pass, or by another worker): each
        is used while fresh, when this fetcher holds no fresh reading of its host."""
        for file in files:
            known = self._known_robots.get(file.origin)
            if known is None or file.read_at > known.read_at:
                self._known_robots[file.origin] = file

    def origins_without_fresh_robots(self, origins: Iterable[str]) -> set[str]:
        """Those of `origins` whose robots.txt this fetcher would have to look for: no fresh
        reading held, known or read (a long-lived fetcher need not be told again)."""
        now = self._now()
        return {host for host in origins if not self._holds_fresh_robots(host, now)}

    def _holds_fresh_robots(self, host: str, now: datetime) -> bool:
        gate = self._gates.get(host)
        if gate is not None and gate.robots is not None and gate.robots.fresh(now):
            return True
        known = self._known_robots.get(host)
        return known is not None and is_fresh(known, now)

    def requests_at_once(self, host: str) -> int:
        """How many requests to `host` (an origin) are worth having under way at once: the
        per-host limit, but one while its robots.txt is being read or when it asks for a
        Crawl-delay, since the others would only wait their turn."""
        gate = self._gates.get(host)
        if gate is None:
            return self.settings.per_host
        if gate.robots is None or gate.robots.crawl_delay(self.settings.user_agent) > 0:
            return 1
        return self.settings.per_host

    def on_limits_change(self, watcher: Callable[[], None]) -> None:
        """Have `watcher` called whenever `requests_at_once` may have changed for a host (its
        robots.txt became known), so a caller waiting for room at a host can look again."""
        self._limit_watchers.append(watcher)

    def take_robots_read(self) -> list[RobotsFile]:
        """The robots.txt files this fetcher read from their hosts since the last call (the latest
        per host), for the caller to store; unavailable ones included, since their retry time counts too."""
        files = list(self._robots_read.values())
        self._robots_read.clear()
        return files

    def _gate(self, host: str) -> HostGate:
        """The gate of `host`, an origin."""
        if host not in self._gates:
            self._gates[host] = HostGate(self.settings.per_host)
        return self._gates[host]

    async def _robots(self, host: str) -> Robots:
        gate = self._gate(host)
        async with gate.robots_lock:
            if gate.robots is None or not gate.robots.fresh(self._now()):
                await self._learn_robots(host, gate, slot_held=False)
            return gate.robots  # type: ignore[return-value]

    async def read_robots_ahead(self, origins: Iterable[str]) -> None:
        """Read the robots.txt of `origins`, in their order, before their requests need it, each
        in a global slot no request is waiting for (`Slots`, spare): while a pass's sources are
        parsed and stored, slots would otherwise stand idle, and each host's first request would
        then wait a round trip for its robots.txt. Holds to every limit a read holds to (the
        global one, the host's); a host whose robots.txt is known fresh, or being read, is skipped."""
        upcoming = iter(origins)

        async def lane() -> None:
            for host in upcoming:
                if not self.origins_without_fresh_robots([host]):
                    continue
                async with self._all.take(spare=True):
                    gate = self._gate(host)
                    if gate.robots_lock.locked():
                        continue  # a request of its own is reading it
                    async with gate.robots_lock:
                        if gate.robots is None or not gate.robots.fresh(self._now()):
                            try:
                                await self._learn_robots(host, gate, slot_held=True)
                            except RefusedAddressError:
                                pass  # its own request will meet the refusal and say so
                            except Exception:  # reading ahead only saves time: a bug must not end the pass
                                log.exception("robots.txt read ahead failed host=%s", host)

        await asyncio.gather(*(lane() for _ in range(self.settings.concurrency)))

    async def _learn_robots(self, host: str, gate: HostGate, *, slot_held: bool) -> None:
        """Give `gate` a fresh robots.txt (a stored one while fresh, else read now); called
        holding its robots_lock, and with a global slot already held when `slot_held`."""
        now = self._now()
        known = self._known_robots.pop(host, None)
        if known is not None and is_fresh(known, now):
            gate.robots = robots_from_file(known)
        else:
            file = await self._read_robots(host, gate, slot_held)
            self._robots_read[host] = file
            gate.robots = robots_from_file(file)
        for watcher in self._limit_watchers:
            watcher()

    async def _read_robots(self, host: str, gate: HostGate, slot_held: bool) -> RobotsFile:
        url = host + "/robots.txt"
        slot = contextlib.nullcontext() if slot_held else self._all.take()
        try:
            async with gate.slot(0), slot, asyncio.timeout(self.settings.timeout):
                for _hop in range(self.settings.max_redirects + 1):  # http -> https moves are common
                    async with self._request("GET", url) as response:
                        location = response.headers.get("location")
                        if response.status_code in REDIRECTS and location:
                            url = urljoin(url, location)
                            continue
                        try:
                            body = await self._read(response, ROBOTS_MAX_BYTES) if response.status_code < 300 else b""
                        except TooLargeError:
                            body = b""  # rules past the cap are not read, and neither is the rest
                        break
                else:
                    # Endless moves: kept as the last redirect's status, which means no rules.
                    return RobotsFile(host, response.status_code, "", self._now())
        except RefusedAddressError:
            raise  # the fetch fails as refused: not as "robots.txt unavailable", to be tried again
        except _ROBOTS_FAILURES as error:
            return RobotsFile(host, None, "", self._now(), error=self._robots_failure(error))
        text = body.decode(detect_encoding(body), errors="replace")
        return RobotsFile(host, response.status_code, text, self._now())

    def _robots_failure(self, error: Exception) -> str:
        """The real error, as a source's fetch would name it: a refused connection is not a timeout."""
        if isinstance(error, TimeoutError):
            return f"timeout: no complete answer within {self.settings.timeout:g} s"
        if isinstance(error, httpx.HTTPError | aiohttp.ClientError):
            return ": ".join(_transport_failure(error))
        return f"{type(error).__name__}: {error}".rstrip(": ")


def _guarded_transport(settings: FetchSettings, guard: AddressGuard) -> AiohttpTransport:
    """httpx's API over aiohttp's connection handling, chosen by measurement (bench/fetch.py):
    at 1,000 sources it costs 0.6-0.9 ms CPU per request against 1.4-2.0 ms for httpx's own
    transport, and stays closer to the latency-bound ideal at concurrency 100."""

    def session() -> aiohttp.ClientSession:  # made lazily, inside the running event loop
        connector = aiohttp.TCPConnector(
            limit=settings.concurrency * 2,
            limit_per_host=0,  # the fetcher's host gates decide politeness
            resolver=GuardedResolver(guard),
            ttl_dns_cache=300,
            ssl=_tls_context(),
        )
        return aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False)

    # The transport makes a TLS context of its own unless given one (it uses it for nothing
    # here, but loading the CA bundle costs ~25 ms of blocked event loop each time).
    return AiohttpTransport(verify=_tls_context(), trust_env=False, client=session)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every fetcher of the process: certificate checks on, the system CA
    bundle, no environment overrides. Made once: it costs ~25 ms, and a pass makes a fetcher."""
    return httpx.create_ssl_context(trust_env=False)


def _transport_failure(error: Exception) -> tuple[str, str]:
    """The stored kind and message of a network failure.

    The aiohttp transport files every lost connection under httpx's ConnectTimeout, so the
    original aiohttp error (kept as the cause) decides: a reset mid-answer is not a timeout.
    """
    cause = error.__cause__ if isinstance(error.__cause__, aiohttp.ClientError) else error
    message = f"{type(cause).__name__}: {cause}".rstrip(": ")
    if isinstance(cause, aiohttp.ServerTimeoutError | httpx.TimeoutException):
        return "timeout", message
    if isinstance(cause, aiohttp.ClientConnectorError | httpx.ConnectError):
        return "connection failed", message
    if isinstance(cause, aiohttp.InvalidURL | httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "bad address", message
    return "connection broken", message


def _error(url: str, kind: str, message: str) -> FetchResult:
    return FetchResult(url=url, outcome="error", error_kind=kind, error_message=message)


def _cache_info(response: httpx.Response) -> CacheInfo:
    return CacheInfo(etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))


def _max_age(response: httpx.Response) -> int | None:
    match = _MAX_AGE.search(response.headers.get("cache-control", ""))
    return int(match.group(1)) if match else None


def _retry_after(response: httpx.Response) -> datetime | None:
    """Retry-After as seconds or as an HTTP date; nonsense is ignored."""
    value = response.headers.get("retry-after", "").strip()
    now = utc_now()
    if value.isdigit():
        when = now + timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return min(when, now + MAX_RETRY_AFTER) if when > now else None
