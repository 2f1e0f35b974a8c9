"""The private-address guard, applied where connections are made.

Names are checked in the resolver aiohttp connects with, so the address that was checked is the
address connected to, on every hop including redirects: a name that resolves to a public
address for a check and a private one for the connection (DNS rebinding) gets nowhere. aiohttp
never resolves an IP literal, so the fetcher checks those itself (`check_literal`).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedAddressError(Exception):
    """The host resolves to an address the aggregator may not connect to."""


def is_public(address: IPAddress) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Decides which resolved addresses may be connected to."""

    def __init__(self, *, allow_private: bool, allowed_networks: Sequence[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)

    def permits(self, address: IPAddress) -> bool:
        return self.allow_private or is_public(address) or any(address in network for network in self.allowed)

    def check(self, host: str, address: IPAddress) -> None:
        if not self.permits(address):
            raise RefusedAddressError(f"{host} resolves to non-public address {address}")

    def check_literal(self, url: str) -> None:
        """Refuse a URL whose host is a non-permitted IP literal (these skip the resolver)."""
        host = urlsplit(url).hostname or ""
        address = _ip_literal(host)
        if address is not None:
            self.check(host, address)


@functools.lru_cache(maxsize=4096)
def _ip_literal(host: str) -> IPAddress | None:
    # Asked before every request, of the same few thousand hosts: parsing (and failing to
    # parse a name) cost ~2% of the CPU of a pass of 304s.
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


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
