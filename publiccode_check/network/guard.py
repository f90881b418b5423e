"""Which addresses the network checks may connect to.

Catalogues check files written by strangers: a URL must not make the checker
reach the machines around it (loopback, the local network, the cloud metadata
service at 169.254.169.254). Addresses are judged after DNS resolution and the
connection is made to the judged address itself, so a name cannot resolve to a
public address for the check and to a private one for the connection.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are an IPv4 address
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# What an address is, in the order the checks are made: the first that applies is the reason.
_KINDS: tuple[tuple[str, str], ...] = (
    ("is_unspecified", "the unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address (cloud metadata services live there)"),
    ("is_multicast", "a multicast address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


def refusal(address: Address, allowed: Iterable[Network] = ()) -> str | None:
    """Why connecting to `address` is refused, or None when it is a public address.

    Addresses inside one of the `allowed` networks are never refused. IPv6 forms
    that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that address.
    """
    if any(address in network for network in allowed):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = refusal(embedded, allowed)
            return f"an address that carries {embedded}, {reason}" if reason else None
        if address in _NAT64_LOCAL:
            return "a local-use NAT64 address"
    elif address in _CGNAT:
        return "a shared address of a carrier-grade NAT (100.64.0.0/10)"
    for attribute, reason in _KINDS:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    """`("127.0.0.1/32", "10.0.0.0/8")` as networks; ValueError on a malformed one."""
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)
