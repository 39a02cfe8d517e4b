"""Fetch only from the public internet: a guard against server-side request forgery.

A URL from an article list, a feed entry or a redirect could point the fetcher
at this machine (``127.0.0.1``, ``localhost``), the local network (``10.x``,
``192.168.x``), a cloud metadata service (``169.254.169.254``) or any other
address that is not globally routable, and what came back would be stored and
searchable. :class:`PublicOnlyTransport` resolves every host name itself,
refuses the request when any of its addresses is not public, and then connects
to the address it checked (the name is kept for the ``Host`` header and TLS),
so a DNS answer that changes between the check and the connection cannot slip
through. Redirects are new requests and pass the same check.

``allow_private`` (``--allow-private``, a watch's ``fetch: {allow_private:
true}``) turns the guard off for intranet use; ``allow_networks`` (``fetch:
{allow_networks: "10.8.0.0/16"}``) lets through only the networks named.
"""

from __future__ import annotations

import ipaddress
import socket

import httpx


class BlockedAddress(Exception):
    """A request to an address that is not on the public internet."""

    def __init__(self, host: str, address: str) -> None:
        where = host if host == address else f"{host} ({address})"
        super().__init__(f"refused to fetch from {where}: not a public internet address "
                         "(loopback, private, link-local, multicast or reserved); "
                         "use --allow-private to allow it")
        self.host = host
        self.address = address


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def parse_networks(spec: str | None) -> Networks:
    """Networks allowed although not public, from "10.1.0.0/16,192.168.5.7"."""
    out = []
    for part in (spec or "").split(","):
        if part.strip():
            try:
                out.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise ValueError(f"not a network: {part.strip()!r}") from None
    return tuple(out)


def is_public(address: str, allowed: Networks = ()) -> bool:
    """Whether connecting to ``address`` is allowed: a globally routable unicast
    address, or one inside the ``allowed`` networks."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip.version == n.version and ip in n for n in allowed):
        return True
    return ip.is_global and not ip.is_multicast


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def public_address(host: str, port: int, allowed: Networks = ()) -> str:
    """The address to connect to for ``host``: itself when it is an address,
    else the first one it resolves to; refused unless every one is public."""
    if _is_literal(host):
        addresses = [host]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise httpx.ConnectError(f"cannot resolve {host}")
    for address in addresses:
        if not is_public(address, allowed):
            raise BlockedAddress(host, address)
    return addresses[0]


class PublicOnlyTransport(httpx.BaseTransport):
    """An httpx transport that connects only to public addresses, pinned after
    the check."""

    def __init__(self, allowed: Networks = (), **kwargs) -> None:
        self.allowed = allowed
        self._inner = httpx.HTTPTransport(**kwargs)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        address = public_address(host, port, self.allowed)
        if address != host:
            request.url = request.url.copy_with(host=address)
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()
