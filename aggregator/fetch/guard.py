"""The private-address guard: which hosts and addresses the aggregator may connect to.

Two checks between them cover every connection:

- `AddressGuard.check_url`, asked before every request the fetcher makes (each redirect hop,
  robots.txt and its moves, hub pings): it reads the URL's host one way, ours (`canonical_host`),
  refuses a host that can be read more than one way, judges an IP literal at once, and gives back
  the URL rewritten with that one reading of the host. The fetcher hands the HTTP stack exactly
  that URL and checks that the stack reads the same host from it (`check_as_sent`): a host the
  guard saw as a name can never become an IP literal further down, where no resolver is asked.
- `GuardedResolver`, the resolver aiohttp connects with: a name's addresses are judged after
  resolution, so the address checked is the address connected to (no DNS rebinding).

Addresses are judged by our own table of the IANA special-purpose registries (`is_public`), not
by `ipaddress`'s flags, which change between Python versions; an IPv6 address carrying an IPv4
one is judged by the IPv4 address it carries.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

import aiohttp
import httpx
import idna
import yarl
from aiohttp.abc import AbstractResolver, ResolveResult

from aggregator.errors import AggregatorError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedAddressError(AggregatorError):
    """The host is, or resolves to, an address the aggregator may not connect to."""


class BadHostError(AggregatorError, ValueError):
    """The URL's host cannot be read one way only (or not at all): refused without a connection."""


def _networks(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# IPv4 ranges that are not globally reachable: the IANA IPv4 special-purpose registry, plus
# multicast. All of 192.0.0.0/24 is refused (the registry lets two anycast addresses out of it
# that no news site uses), and the deprecated 6to4 relay range 192.88.99.0/24 with it.
_NOT_GLOBAL_V4 = _networks(
    "0.0.0.0/8",  # "this network"
    "10.0.0.0/8",  # private
    "100.64.0.0/10",  # shared address space (carrier-grade NAT)
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local, cloud metadata services
    "172.16.0.0/12",  # private
    "192.0.0.0/24",  # IETF protocol assignments (DS-Lite, NAT64 discovery...)
    "192.0.2.0/24",  # documentation
    "192.88.99.0/24",  # 6to4 relay anycast, deprecated
    "192.168.0.0/16",  # private
    "198.18.0.0/15",  # benchmarking
    "198.51.100.0/24",  # documentation
    "203.0.113.0/24",  # documentation
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved, and 255.255.255.255 (limited broadcast)
)
# IPv6: only global unicast (2000::/3) is reachable at all; outside it lie loopback, unspecified,
# ULA fc00::/7, link-local, site-local, multicast, discard-only 100::/64, local-use NAT64
# 64:ff9b:1::/48, SRv6 5f00::/16... Within it, these ranges are not globally reachable:
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_NOT_GLOBAL_V6 = _networks(
    "2001::/23",  # IETF protocol assignments (Teredo, 2001::/32, is judged by what it carries)
    "2001:db8::/32",  # documentation
    "3fff::/20",  # documentation
)
_MAPPED = ipaddress.ip_network("::ffff:0:0/96")  # the same IPv4 connection, made over an IPv6 socket
_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible (also holds :: and ::1)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix: a translator to the IPv4 address
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_TEREDO = ipaddress.ip_network("2001::/32")


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries, and whose host it ends up reaching."""
    value = int(address)
    if address in _MAPPED or address in _COMPATIBLE or address in _NAT64:
        return (ipaddress.IPv4Address(value & 0xFFFFFFFF),)
    if address in _SIX_TO_FOUR:
        return (ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF),)
    if address in _TEREDO:  # the Teredo server, and the client (stored inverted)
        return (ipaddress.IPv4Address((value >> 64) & 0xFFFFFFFF), ipaddress.IPv4Address(~value & 0xFFFFFFFF))
    return ()


@functools.lru_cache(maxsize=4096)
def is_public(address: IPAddress) -> bool:
    """True only for globally reachable unicast addresses (cached: asked of every connection)."""
    if isinstance(address, ipaddress.IPv4Address):
        return not any(address in network for network in _NOT_GLOBAL_V4)
    carried = embedded_ipv4(address)
    if carried:
        return all(is_public(inner) for inner in carried)
    return address in _GLOBAL_UNICAST_V6 and not any(address in network for network in _NOT_GLOBAL_V6)


def _described(address: IPAddress) -> str:
    carried = embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else ()
    return f"{address} (carrying {', '.join(map(str, carried))})" if carried else str(address)


class AddressGuard:
    """Decides which hosts and addresses may be connected to."""

    def __init__(self, *, allow_private: bool, allowed_networks: Sequence[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)

    def permits(self, address: IPAddress) -> bool:
        if self.allow_private or is_public(address):
            return True
        # An IPv4-mapped address is that IPv4 address on the wire: allowed when it is. The other
        # embeddings reach a translator or relay first, so only their own address counts here.
        if isinstance(address, ipaddress.IPv6Address) and address in _MAPPED:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        return any(address in network for network in self.allowed)

    def check(self, host: str, address: IPAddress) -> None:
        if not self.permits(address):
            raise RefusedAddressError(f"{host} resolves to non-public address {_described(address)}")

    def check_url(self, url: str) -> tuple[str, str]:
        """`url` with its host written the one way it is connected to, and that host; raises
        RefusedAddressError for a refused IP literal, BadHostError for a host not read one way only."""
        canonical, host, address = canonical_url(url)
        if address is not None and not self.permits(address):
            raise RefusedAddressError(f"{url} is non-public address {_described(address)}")
        return canonical, host


def canonical_url(url: str) -> tuple[str, str, IPAddress | None]:
    """`url` with its host canonical (see `canonical_host`), the host, and its address if an IP literal.

    Only the host part is rewritten, and only when it changes: path and query stay as written.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises for a port that is not a number
    except ValueError as error:
        raise BadHostError(f"unreadable address {url!r}: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise BadHostError(f"not an http(s) address: {url!r}")
    userinfo, _, hostport = parts.netloc.rpartition("@")
    bracketed = hostport.startswith("[")
    host, address = canonical_host(parts.hostname or "", bracketed)
    netloc = (userinfo + "@" if userinfo else "") + (f"[{host}]" if bracketed else host)
    netloc += f":{port}" if port is not None else ""
    url = url.strip()
    if netloc == parts.netloc:
        return url, host, address
    start = url.find("//") + 2
    if url[start : start + len(parts.netloc)] == parts.netloc:
        return url[:start] + netloc + url[start + len(parts.netloc) :], host, address
    return parts._replace(netloc=netloc).geturl(), host, address  # tabs or newlines were taken out


_NAME = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?")
_HEX_NUMBER = re.compile(r"0x[0-9a-f]*")


@functools.lru_cache(maxsize=4096)
def canonical_host(host: str, bracketed: bool = False) -> tuple[str, IPAddress | None]:
    """The host as it is to be connected to, and its address when it is an IP literal.

    Read as browsers read it (the WHATWG URL standard), the strictest reading there is:
    Unicode is mapped by IDNA (UTS 46), so fullwidth digits and the full stops U+3002, U+FF0E and
    U+FF61 become ASCII, then a host whose last label is a number is an IPv4 address in any of the
    numeric forms the C library also accepts (2130706433, 127.1, 0177.0.0.1, 0x7f.1): it is
    rewritten as a dotted quad, so it is judged as the address it is, never sent on as a name.
    A numeric host that is no valid address (256.1.1.1, 1.2.3.4.5, 09.1.1.1), an IPv6 zone, and
    characters no host name has (%, spaces, backslashes...) are refused. Cached: asked before
    every request, of the same few thousand hosts.
    """
    if bracketed:
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError:
            raise BadHostError(f"[{host}] is not an IPv6 address") from None
        if address.scope_id:
            raise BadHostError(f"[{host}]: an IPv6 zone has no business in a URL fetched from here")
        return address.compressed, address
    name = host.lower()
    if not name.isascii():
        try:
            name = idna.encode(name, uts46=True, std3_rules=False, transitional=False).decode("ascii")
        except (idna.IDNAError, UnicodeError) as error:
            raise BadHostError(f"{host!r} is not a host name: {error}") from None
    labels = name.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()  # a trailing dot
    if labels[-1].isdigit() or _HEX_NUMBER.fullmatch(labels[-1]):
        address = _ipv4(labels)
        if address is None:
            raise BadHostError(f"{host!r} ends in a number but is no IPv4 address")
        return str(address), address
    if not _NAME.fullmatch(name):
        raise BadHostError(f"{host!r} is not a host name")
    return name, None


def _ipv4(labels: list[str]) -> ipaddress.IPv4Address | None:
    """The WHATWG IPv4 parser: 1 to 4 numbers, each decimal, octal (leading 0) or hex (0x); the
    last fills the bytes left (127.1 is 127.0.0.1). None when that reading fails."""
    if len(labels) > 4:
        return None
    numbers = []
    for label in labels:
        if _HEX_NUMBER.fullmatch(label):
            digits, base = label[2:] or "0", 16
        elif len(label) > 1 and label.startswith("0"):
            digits, base = label[1:], 8
        else:
            digits, base = label, 10
        if not digits.isascii() or not digits.isalnum():
            return None
        try:
            numbers.append(int(digits, base))
        except ValueError:
            return None
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def check_as_sent(url: httpx.URL, host: str) -> None:
    """Refuse unless the HTTP stack reads `host` from the URL it was handed, as the guard did:
    httpx (the request), then yarl (aiohttp parses the URL again from its text to connect)."""
    sent = url.raw_host.decode("ascii")
    try:
        connected = yarl.URL(str(url)).raw_host
    except ValueError as error:
        raise BadHostError(f"the HTTP stack cannot read {url}: {error}") from None
    if sent != host or connected != host:
        raise BadHostError(f"the HTTP stack reads host {sent!r}/{connected!r}, not {host!r}")


class GuardedResolver(AbstractResolver):
    """aiohttp resolver that refuses a name when any of its addresses is refused.

    Any refused address refuses the host: a public name has no business resolving to a private
    address, and trying the next one would make the guard depend on the order of answers.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self.inner.resolve(host, port, family)
        for answer in answers:
            self.guard.check(host, ipaddress.ip_address(answer["host"]))
        return answers

    async def close(self) -> None:
        await self.inner.close()
