"""The private-address guard, applied where connections are made.

The check sits in the network backend under httpx, so the address that was checked is the
address connected to, on every hop including redirects; a name that resolves to a public
address for the check and a private one for the connection (DNS rebinding) gets nowhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Sequence

import httpcore

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

    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of `host` to connect to; raises RefusedAddressError if any is refused."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except socket.gaierror as error:
                raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
            addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
        # Any refused address refuses the host: a public name has no business resolving to a
        # private address, and trying the next one would make the guard depend on order.
        for address in addresses:
            if not self.permits(address):
                raise RefusedAddressError(f"{host} resolves to non-public address {address}")
        return list(dict.fromkeys(str(address) for address in addresses))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to addresses the guard permits."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.guard.resolve(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        assert error is not None
        raise error

    async def connect_unix_socket(self, *args: typing.Any, **kwargs: typing.Any) -> httpcore.AsyncNetworkStream:
        raise RefusedAddressError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
