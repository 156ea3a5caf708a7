"""Hostnames as pages are reached by: one spelling for storage and lookups."""

import re

# RFC 1123 labels; the name as a whole at most 253 characters.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_host(value: str) -> str:
    """``value`` (a Host header or typed name) lower-cased, without port or end dot."""
    host = value.strip().lower()
    if host.startswith("["):  # an IPv6 literal: never a page's hostname
        return host.partition("]")[0] + "]"
    return host.partition(":")[0].rstrip(".")


def is_valid_hostname(value: str) -> bool:
    """Whether ``value`` (already normalised) is a DNS name a page could answer on."""
    labels = value.split(".")
    return (
        0 < len(value) <= 253
        and len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )
