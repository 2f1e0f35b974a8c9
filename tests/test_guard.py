"""The private-address guard (issue 18): every spelling of a refused address is refused before
any connection, on every way a URL enters the fetcher.

No test here sends a packet off this machine: refused addresses other than loopback are only
ever judged by pure functions, or refused before a connection is tried, and the `tripwire`
fixture (conftest.py, for every test) turns any connection outside 127.0.0.0/8 (or any DNS lookup of a name) into an error.
A guard that let such a spelling through would fail the test, not reach the network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.collect import collect_pass
from aggregator.fetch import Fetcher
from aggregator.fetch.guard import AddressGuard, BadHostError, GuardedResolver, RefusedAddressError, canonical_url
from aggregator.models import FetchResult, FetchSettings
from aggregator.store import Store
from tests.configs import make_config
from tests.hostile import RSS, HostileServer, body, redirect_to

DEFAULT = FetchSettings(user_agent="t", timeout=2.0)  # the guard as shipped: nothing private allowed
# The partner on 127.0.0.1 is allowed; every other address, 127.0.0.2 included, is refused.
PARTNER_ONLY = FetchSettings(user_agent="t", timeout=2.0, allowed_networks=("127.0.0.1/32",))
REFUSED = "private address refused"


class CountingServer:
    """Listens on `host` (a loopback address) and counts the connections it accepts; each is
    answered with a small feed."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._listener = socket.create_server((host, 0))
        self.port = self._listener.getsockname()[1]
        self.accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(65536)
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(RSS), RSS)
                    )
                except OSError:
                    pass

    def __enter__(self) -> CountingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._listener.close()


@pytest.fixture(scope="module")
def counter() -> Iterator[CountingServer]:
    with CountingServer("127.0.0.1") as server:
        yield server


@pytest.fixture
def target() -> Iterator[CountingServer]:
    """A server on 127.0.0.2: refused (only the partner, 127.0.0.1, is allowed) unless reached by mistake."""
    with CountingServer("127.0.0.2") as server:
        yield server


def fetch(url: str, settings: FetchSettings = DEFAULT) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


# --- spellings of refused addresses ------------------------------------------------------------

DOTS = (".", "\u3002", "\uff0e", "\uff61")  # full stop, ideographic, fullwidth, halfwidth ideographic


def fullwidth(text: str) -> str:
    return "".join(chr(ord(char) - ord("0") + 0xFF10) if char.isdigit() else char for char in text)


def ipv4_spellings(address: str) -> st.SearchStrategy[str]:
    """Ways of writing the IPv4 `address` as a URL host that some part of an HTTP stack, or the
    C library, reads as that address."""
    ip = ipaddress.IPv4Address(address)
    value, octets = int(ip), [int(part) for part in address.split(".")]

    def number(draw_form: str, n: int, mixed_case: bool) -> str:
        text = {"dec": str(n), "oct": "0" + format(n, "o"), "hex": "0x" + format(n, "x")}[draw_form]
        return text.upper() if mixed_case and draw_form == "hex" else text

    @st.composite
    def spelling(draw: st.DrawFn) -> str:
        shape = draw(st.sampled_from(["quad", "one", "two", "three"]))
        parts = {
            "quad": octets,
            "one": [value],
            "two": [octets[0], value & 0xFFFFFF],
            "three": [octets[0], octets[1], value & 0xFFFF],
        }[shape]
        forms = draw(st.lists(st.sampled_from(["dec", "oct", "hex"]), min_size=len(parts), max_size=len(parts)))
        upper = draw(st.booleans())
        written = [number(form, n, upper) for form, n in zip(forms, parts, strict=True)]
        dots = draw(st.lists(st.sampled_from(DOTS), min_size=len(parts), max_size=len(parts)))
        host = "".join(part + dot for part, dot in zip(written, dots, strict=True))
        host = host if draw(st.booleans()) else host[:-1]  # a trailing dot, or none
        return fullwidth(host) if draw(st.booleans()) else host

    return spelling()


def ipv6_spellings(address: str) -> st.SearchStrategy[str]:
    """IPv6 addresses carrying the IPv4 `address` (mapped, compatible, NAT64, 6to4, Teredo)."""
    value = int(ipaddress.IPv4Address(address))
    high, low = value >> 16, value & 0xFFFF
    teredo = (0x2001 << 112) | (0x5DB8D822 << 64) | (value ^ 0xFFFFFFFF)  # server 93.184.216.34
    forms = [
        f"::ffff:{address}",
        f"::ffff:{high:x}:{low:x}",
        f"::{address}",
        f"64:ff9b::{address}",
        f"64:ff9b::{high:x}:{low:x}",
        f"64:ff9b:1::{high:x}:{low:x}",
        f"2002:{high:x}:{low:x}::1",
        str(ipaddress.IPv6Address(teredo)),
        f"0:0:0:0:0:ffff:{address}",
    ]
    return st.tuples(st.sampled_from(forms), st.booleans()).map(
        lambda pair: "[" + (pair[0].upper() if pair[1] else pair[0]) + "]"
    )


FORBIDDEN = ("127.0.0.1", "127.0.0.2", "10.0.0.1", "169.254.169.254", "0.0.0.0", "192.168.1.1")


LOCALHOST = st.sampled_from(["localhost", "LocalHost", "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54"])


@st.composite
def forbidden_hosts(draw: st.DrawFn) -> str:
    address = draw(st.sampled_from(FORBIDDEN))
    return draw(st.one_of(ipv4_spellings(address), ipv6_spellings(address), LOCALHOST))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=forbidden_hosts())
def test_no_spelling_of_a_refused_address_is_connected_to(counter: CountingServer, host: str) -> None:
    before = counter.accepted
    result = fetch(f"http://{host}:{counter.port}/feed")
    assert counter.accepted == before, f"{host} was connected to"
    assert (result.outcome, result.error_kind) == ("error", REFUSED), (host, result.error_message)


@pytest.mark.parametrize(
    "host",
    [
        "127\u30020\u30020\u30021",
        "127\uff0e0\uff0e0\uff0e1",
        "127\uff610\uff610\uff611",
        "\uff11\uff12\uff17.0.0.1",
        "2130706433",
        "127.1",
        "0",
        "0177.0.0.1",
        "0x7f.1",
        "0x7f.0.0.1",
        "127.0.0.1.",
        "[::127.0.0.1]",
        "[::ffff:127.0.0.1]",
        "[64:ff9b::7f00:1]",
    ],
)
def test_spellings_of_loopback_are_refused_before_connecting(counter: CountingServer, host: str) -> None:
    before = counter.accepted
    result = fetch(f"http://{host}:{counter.port}/feed")
    assert counter.accepted == before
    assert result.error_kind == REFUSED, result.error_message


@pytest.mark.parametrize(
    ("host", "read"),
    [
        ("2130706433", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.000.000.001", "127.0.0.1"),
        ("0x5db8d822", "93.184.216.34"),
        ("\uff11\uff12\uff17\u3002\uff10\uff0e\uff10\uff61\uff11\uff0e", "127.0.0.1"),
        ("Example.ORG", "example.org"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("[::127.0.0.1]", "[::7f00:1]"),
        ("[::FFFF:7F00:1]", "[::ffff:7f00:1]"),
    ],
)
def test_hosts_are_read_as_browsers_read_them(host: str, read: str) -> None:
    """The chosen reading of numeric hosts: normalised (as the WHATWG URL standard, browsers and
    the C library read them), then judged; the URL goes on with the host so written."""
    assert canonical_url(f"http://{host}:8080/a/b?c=d")[0] == f"http://{read}:8080/a/b?c=d"


@pytest.mark.parametrize(
    "host", ["256.0.0.1", "1.2.3.4.5", "09.1.1.1", "127.0.0.1.1", "news.123", "a%2eb", "a b", "[fe80::1%25eth0]"]
)
def test_hosts_not_read_one_way_only_are_refused(counter: CountingServer, host: str) -> None:
    with pytest.raises(BadHostError):
        canonical_url(f"http://{host}/")
    before = counter.accepted
    assert fetch(f"http://{host}:{counter.port}/feed", PARTNER_ONLY).error_kind == "bad address"
    assert counter.accepted == before


def test_allowed_addresses_are_fetched_at_the_host_the_guard_read(counter: CountingServer) -> None:
    before = counter.accepted
    dotted = fetch(f"http://127\u30020\u30020\u30021:{counter.port}/feed", PARTNER_ONLY)
    mapped = fetch(f"http://[::ffff:127.0.0.1]:{counter.port}/feed", PARTNER_ONLY)
    assert (dotted.outcome, dotted.final_url) == ("ok", f"http://127.0.0.1:{counter.port}/feed")
    assert (mapped.outcome, mapped.final_url) == ("ok", f"http://[::ffff:7f00:1]:{counter.port}/feed")
    assert counter.accepted == before + 2 * 2  # robots.txt and the feed, each on a connection of its own


# --- every way a URL enters -----------------------------------------------------------------


def spelled(server: CountingServer, path: str = "/feed") -> str:
    return f"http://127\u30020\u30020\u30022:{server.port}{path}"  # 127.0.0.2, the ideographic way


def utf8_redirect_to(url: str):  # type: ignore[no-untyped-def]
    """A redirect whose Location header carries `url` as UTF-8 bytes, as real servers send it."""
    return redirect_to(url.encode("utf-8").decode("latin-1"))  # http.server writes headers as latin-1


def test_configured_url(target: CountingServer) -> None:
    assert fetch(spelled(target), PARTNER_ONLY).error_kind == REFUSED
    assert target.accepted == 0


def test_redirect_from_an_allowed_partner(target: CountingServer) -> None:
    with HostileServer({"/go": utf8_redirect_to(spelled(target))}) as partner:
        result = fetch(partner.url("/go"), PARTNER_ONLY)
    assert partner.hits[-1] == "/go"  # the partner itself was allowed
    assert result.error_kind == REFUSED, result.error_message
    assert target.accepted == 0


def test_robots_txt_moved_to_a_refused_address(target: CountingServer) -> None:
    with HostileServer(
        {"/robots.txt": utf8_redirect_to(spelled(target, "/robots.txt")), "/feed": body(RSS)}
    ) as partner:
        result = fetch(partner.url("/feed"), PARTNER_ONLY)
    assert result.error_kind == REFUSED, result.error_message
    assert partner.hits == ["/robots.txt"] and target.accepted == 0


def test_websub_hub_ping(target: CountingServer) -> None:
    async def go() -> str | None:
        async with Fetcher(PARTNER_ONLY) as fetcher:
            return await fetcher.ping_hub(spelled(target, "/hub"), "https://example.org/feed.xml")

    assert (asyncio.run(go()) or "").startswith(REFUSED)
    assert target.accepted == 0


def _pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, kind: str) -> list[FetchResult]:
    """A pass over one source at `url`, the partner allowed; the fetches it made."""
    fetch = {"allowed_networks": ["127.0.0.1/32"], "timeout": 2}
    config = make_config(tmp_path, [{"id": "s", "url": url, "type": kind}], fetch=fetch)
    store = Store(config.database)
    store.create_schema()
    results: list[FetchResult] = []
    original = Fetcher.fetch

    async def recording(self: Fetcher, *args: object, **kwargs: object) -> FetchResult:
        result = await original(self, *args, **kwargs)  # type: ignore[arg-type]
        results.append(result)
        return result

    monkeypatch.setattr(Fetcher, "fetch", recording)
    asyncio.run(collect_pass(config, store, everything=True))
    return results


def test_discovered_feed_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: CountingServer) -> None:
    page = f'<html><head><link rel="alternate" type="application/rss+xml" href="{spelled(target)}"></head><body>Hi</body></html>'
    with HostileServer({"/": body(page.encode(), "text/html")}) as partner:
        results = _pass(tmp_path, monkeypatch, partner.url("/"), "auto")
    assert [result.error_kind for result in results] == [None, REFUSED]
    assert target.accepted == 0


def test_article_links_of_a_listing_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: CountingServer
) -> None:
    items = "".join(
        f'<li><h3><a href="{spelled(target, f"/news/{n}")}">Жаштар форуму {n}: Ош шаарында укук коргоо</a></h3></li>'
        for n in range(1, 4)
    )
    page = f'<html lang="ky"><head><title>Жаңылыктар</title></head><body><ul class="news">{items}</ul></body></html>'
    with HostileServer({"/news": body(page.encode(), "text/html")}) as partner:
        results = _pass(tmp_path, monkeypatch, partner.url("/news"), "html")
    assert [result.error_kind for result in results] == [None, REFUSED, REFUSED, REFUSED]
    assert target.accepted == 0


# --- the decisions, as pure functions (nothing here connects) ---------------------------------

REFUSED_ADDRESSES = [
    "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "192.0.0.1", "198.18.0.1",
    "240.0.0.1", "255.255.255.255", "0.0.0.0", "127.0.0.1", "224.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1",
    "fc00::1", "fe80::1", "::1", "::", "2001:db8::1", "ff02::1", "fec0::1", "100::1", "3fff::1", "5f00::1",
    "64:ff9b:1::1",
    # 127.0.0.1 and 10.0.0.1 carried in IPv6: mapped, compatible, NAT64 (both), 6to4, Teredo
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "::10.0.0.1", "64:ff9b::127.0.0.1", "64:ff9b::10.0.0.1",
    "64:ff9b:1::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::", "2002:a00:1::1",
    "2001:0:5db8:d822:0:0:80ff:fffe", "2001:0:5db8:d822:0:0:f5ff:fffe",
]  # fmt: skip
PUBLIC_ADDRESSES = [
    "93.184.216.34", "2606:2800:220:1::1", "8.8.8.8", "::ffff:93.184.216.34", "64:ff9b::93.184.216.34",
    "2002:5db8:d822::1",
]  # fmt: skip


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_special_purpose_ranges_are_refused(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert not AddressGuard(allow_private=False).permits(ip)
    assert AddressGuard(allow_private=True).permits(ip)  # fetch.allow_private_networks still lets all through


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_are_allowed(address: str) -> None:
    assert AddressGuard(allow_private=False).permits(ipaddress.ip_address(address))


def test_allowed_networks_let_their_addresses_through_and_no_more() -> None:
    guard = AddressGuard(allow_private=False, allowed_networks=["10.1.0.0/16", "fd00::/8"])
    assert guard.permits(ipaddress.ip_address("10.1.2.3")) and guard.permits(ipaddress.ip_address("fd00::5"))
    assert guard.permits(ipaddress.ip_address("::ffff:10.1.2.3"))  # the same IPv4 connection
    assert not guard.permits(ipaddress.ip_address("10.2.0.1"))
    assert not guard.permits(ipaddress.ip_address("64:ff9b::10.1.2.3"))  # a translator elsewhere: not the same


class _Answers:
    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[dict[str, object]]:
        return [
            {"hostname": host, "host": address, "port": port, "family": 0, "proto": 0, "flags": 0}
            for address in self.addresses
        ]

    async def close(self) -> None:
        pass


@pytest.mark.parametrize("answer", ["::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "10.0.0.1"])
def test_names_resolving_to_refused_addresses_are_refused(answer: str) -> None:
    async def go() -> None:
        resolver = GuardedResolver(AddressGuard(allow_private=False))
        await resolver.close()
        resolver.inner = _Answers("93.184.216.34", answer)  # type: ignore[assignment]
        await resolver.resolve("partner.example", 80)

    with pytest.raises(RefusedAddressError):
        asyncio.run(go())
