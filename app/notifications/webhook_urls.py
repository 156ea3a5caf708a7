"""Where webhooks may point: the public internet, and networks an operator allows.

A webhook is a request Beacon's worker makes on a stranger's behalf, so it must
never reach this machine or its private network (the database, Redis, a cloud
metadata service), however the address is written: IPv4 in any of the forms the
C library accepts (``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``),
IPv4-mapped IPv6 (``::ffff:127.0.0.1``), or a host name that resolves there.
Addresses are checked when a webhook is saved (literals) and again when it is
sent (every address the name resolves to), and the worker connects to the very
address it checked, so a DNS answer that changes in between (rebinding) cannot
switch it. Networks in ``WEBHOOK_ALLOWED_NETWORKS`` (CIDRs an operator sets for
an internal receiver) are allowed too; nothing else that is not global.
"""

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NOT_PUBLIC_NAMES = (".localhost", ".local", ".internal", ".home.arpa")
UNREACHABLE = "The endpoint must be reachable from the internet."


class UnsafeWebhookUrl(ValueError):
    """Raised for a URL on this machine, a private network or a reserved range."""


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells as a literal, in any form, or None for a name."""
    host = host.strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:  # the C library's forms: decimal, octal, hex, shortened
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    return address  # IPv4-mapped IPv6 stays as it is: is_allowed unmaps it


def is_allowed(address: IPAddress, allowed: Iterable[str] = ()) -> bool:
    """Whether a webhook may connect to ``address``."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in ipaddress.ip_network(net, strict=False) for net in allowed):
        return True
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
    )


def check_url(url: str, allowed: Iterable[str] = ()) -> None:
    """Refuse, when saved, a URL whose host is a literal address not allowed."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    address = literal_address(host)
    if address is None:
        local = host == "localhost" or host.endswith(_NOT_PUBLIC_NAMES)
        if local and not allowed:
            raise UnsafeWebhookUrl(UNREACHABLE)
        return  # a name: checked again, resolved, when it is sent
    if not is_allowed(address, allowed):
        raise UnsafeWebhookUrl(UNREACHABLE)


def resolve_allowed(host: str, port: int, allowed: Iterable[str] = ()) -> str:
    """The one address to connect to for ``host``; UnsafeWebhookUrl when any of
    its addresses is not allowed (a name half public, half private is refused)."""
    address = literal_address(host)
    if address is not None:
        candidates = [address]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise ConnectionError(f"cannot resolve {host}: {error}") from None
        candidates = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    allowed = list(allowed)
    if not candidates or not all(is_allowed(a, allowed) for a in candidates):
        raise UnsafeWebhookUrl(f"{host} resolves to an address webhooks may not reach.")
    return str(candidates[0])


def pinned_connection(
    scheme: str, host: str, port: int, address: str
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to ``host`` that connects to ``address`` only (the
    one checked); TLS still verifies the certificate of ``host``."""
    if scheme == "https":
        return _PinnedHTTPS(host, port, address)
    return _PinnedHTTP(host, port, address)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
