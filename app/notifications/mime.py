"""A minimal MIME writer for multipart/alternative notification emails.

The stdlib's email package spends milliseconds per message folding headers;
at ten thousand emails a minute that is the whole budget. Notification emails
have one shape, so they are written directly: ASCII headers (non-ASCII ones
RFC 2047-encoded once per event) and quoted-printable UTF-8 parts.
"""

import binascii
import secrets
from email.header import Header
from email.utils import formataddr, parseaddr


def clean(value: str) -> str:
    """One line of text: no CR/LF can reach a header (no header injection)."""
    return " ".join(value.split())


def encode_header(name: str, value: str) -> str:
    """``value`` as header ``name``'s value: as is if ASCII, else RFC 2047 words."""
    value = clean(value)
    if value.isascii():
        return value
    return Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def encode_address(value: str) -> str:
    """A ``Name <address>`` header value with the name encoded if need be."""
    name, address = parseaddr(value)
    return formataddr((clean(name), address), charset="utf-8")


def _quoted_printable(text: str) -> bytes:
    data = binascii.b2a_qp(text.replace("\r\n", "\n").encode(), istext=True)
    return data.replace(b"\n", b"\r\n")


def multipart_alternative(
    headers: list[tuple[str, str]], text: str, html: str
) -> bytes:
    """The wire form of an email with a text and an HTML version of one body."""
    boundary = f"=_beacon_{secrets.token_hex(8)}"
    head = [f"{name}: {value}" for name, value in headers] + [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "",
    ]
    parts = [("\r\n".join(head)).encode("ascii")]
    for subtype, body in (("plain", text), ("html", html)):
        part_head = (
            f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        parts += [part_head.encode("ascii"), _quoted_printable(body), b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(parts)
