"""Bearer secrets: generated with a recognisable prefix, stored only as a digest."""

import hashlib
import secrets

# Enough of the secret to recognise a token in a list, far too little to guess it.
SHOWN_CHARS = 8


def new_secret(prefix: str) -> str:
    """A fresh secret such as ``bcn_3Jf…`` (256 bits of randomness)."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def digest(secret: str) -> str:
    """The SHA-256 hex digest stored in place of the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def shown_part(secret: str) -> str:
    return secret[:SHOWN_CHARS]
