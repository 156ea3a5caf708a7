"""Where webhooks that anyone may register through the public API may point."""

import ipaddress
from urllib.parse import urlsplit


class UnsafeWebhookUrl(ValueError):
    """Raised for a URL on this machine or a private network."""


def check_public_url(url: str) -> None:
    """Refuse loopback, private, link-local and reserved hosts given literally.

    Names are not resolved here (the worker resolves them when it posts), so
    this stops the obvious requests at internal services, not DNS tricks; the
    subscriber must also confirm by email before anything is sent.
    """
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise UnsafeWebhookUrl("The endpoint must be reachable from the internet.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return  # a name, not an address
    if not address.is_global:
        raise UnsafeWebhookUrl("The endpoint must be reachable from the internet.")
