"""Notification emails as the standard library writes them, once per event.

``email.message.EmailMessage`` under ``policy.SMTP`` writes each email: headers
encoded and folded, a multipart/alternative of a text and an HTML version, each
quoted-printable UTF-8. Writing one costs about a millisecond, a hundred
seconds for 100,000 subscribers, so it writes one *template* per event, with a
placeholder wherever a recipient's own values go (address, Message-ID, the
thread's references, the unsubscribe link, the links in the bodies). Each copy
is the template's pieces joined with that recipient's values: the bodies'
stretches between links are encoded once per event, and each link is put
between soft line breaks, so every line stays within quoted-printable's 76.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy, quoprimime
from email.message import EmailMessage
from email.utils import format_datetime

# What the standard library writes for each placeholder, as it writes it.
RECIPIENT = b"beacon-recipient@placeholder.invalid"
MESSAGE_ID = b"<beacon-message-id@placeholder.invalid>"
UNSUBSCRIBE = b"<beacon-unsubscribe@placeholder.invalid>"
THREAD = b"X-Beacon-Thread: placeholder\r\n"  # becomes In-Reply-To + References
_BODIES = {"plain": b"beacon-plain-body\r\n", "html": b"beacon-html-body\r\n"}
_PLACEHOLDER = re.compile(
    b"(" + b"|".join(re.escape(p) for p in (RECIPIENT, MESSAGE_ID, UNSUBSCRIBE,
                                            THREAD, *_BODIES.values())) + b")"
)  # fmt: skip
_FIELD = {"plain": "text", "html": "html"}  # which Email field each body is
_SOFT_BREAK = b"=\r\n"
_LINE = 75  # quoted-printable lines, leaving room for a soft break's "="


def clean(value: str) -> str:
    """One line of text: no CR/LF can reach a header (no header injection)."""
    return " ".join(value.split())


@dataclass(frozen=True)
class Email:
    """What an event's email says: the same for every recipient."""

    subject: str
    sender: str
    date: datetime
    text: str
    html: str
    list_id: str | None = None  # list mail (unsubscribable), not a personal one
    threaded: bool = False


class Template:
    """An event's email with a recipient's values still to put in."""

    def __init__(self, email: Email, links: Sequence[str]) -> None:
        raw = _message(email).as_bytes(policy=policy.SMTP)
        self.pieces = _PLACEHOLDER.split(raw)
        found = self.pieces[1::2]
        if len(found) != len(set(found)):
            raise ValueError("a placeholder appears twice in the email")
        self.bodies = {
            placeholder: _encoded_pieces(getattr(email, _FIELD[kind]), links)
            for kind, placeholder in _BODIES.items()
        }

    def fill(
        self,
        recipient: str,
        message_id: str,
        references: Sequence[str],
        links: Mapping[str, str],
        unsubscribe: str = "",
    ) -> bytes:
        """The wire form of this email to ``recipient`` (already ASCII): its
        Message-ID, the earlier messages of its thread it ``references``, the
        URL of each of the template's ``links`` and its ``unsubscribe`` URL."""
        values = {
            RECIPIENT: _header_value(recipient),
            MESSAGE_ID: _header_value(message_id),
            UNSUBSCRIBE: _header_value(f"<{unsubscribe}>"),
            THREAD: _thread_headers(references),
        }
        encoded = {name: _quoted_printable(url) for name, url in links.items()}
        for placeholder, pieces in self.bodies.items():
            values[placeholder] = b"".join(
                encoded[piece] if isinstance(piece, str) else piece for piece in pieces
            )
        return b"".join(
            values[piece] if n % 2 else piece for n, piece in enumerate(self.pieces)
        )


def _message(email: Email) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = clean(email.subject)
    message["From"] = email.sender
    message["To"] = RECIPIENT.decode()
    message["Date"] = format_datetime(email.date)
    message["Message-ID"] = MESSAGE_ID.decode()
    if email.threaded:
        message["X-Beacon-Thread"] = "placeholder"
    message["Auto-Submitted"] = "auto-generated"
    if email.list_id:
        message["List-Id"] = f"<{email.list_id}>"
        message["List-Unsubscribe"] = UNSUBSCRIBE.decode()
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_BODIES["plain"].decode().strip(), cte="quoted-printable")
    message.add_alternative(
        _BODIES["html"].decode().strip(), subtype="html", cte="quoted-printable"
    )
    return message


def _encoded_pieces(body: str, links: Sequence[str]) -> list[bytes | str]:
    """``body`` quoted-printable, with each of ``links`` left as its name.

    Each stretch between links is encoded on its own, and soft line breaks
    join it to the link on either side: a recipient's copy is exact
    quoted-printable whatever the length of their links.
    """
    if not body.endswith("\n"):
        body += "\n"  # as set_content ends a body
    if not links:
        return [_quoted_printable(body)]
    stretches = re.split("(" + "|".join(map(re.escape, links)) + ")", body)
    pieces: list[bytes | str] = []
    for n, stretch in enumerate(stretches):
        if n % 2:  # a link: soft breaks around it
            pieces += [_SOFT_BREAK, stretch, _SOFT_BREAK]
        elif stretch:
            pieces.append(_quoted_printable(stretch))
    return pieces


def _quoted_printable(text: str) -> bytes:
    latin = text.encode("utf-8").decode("latin-1")  # bytes, as quoprimime reads them
    return quoprimime.body_encode(latin, _LINE, eol="\r\n").encode("ascii")


def _header_value(value: str) -> bytes:
    if "\r" in value or "\n" in value or not value.isascii():
        raise ValueError(f"not a header value: {value!r}")
    return value.encode("ascii")


def _thread_headers(references: Sequence[str]) -> bytes:
    """In-Reply-To the last message of the thread, References all of them."""
    if not references:
        return b""
    ids = [_header_value(r) for r in references]
    # One id per line: folded, no header line grows past 78 characters.
    return b"In-Reply-To: %s\r\nReferences: %s\r\n" % (ids[-1], b"\r\n ".join(ids))
