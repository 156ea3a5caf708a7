"""The hand-written MIME: standard parsers read it back exactly."""

import email
import email.policy

from app.notifications import mime


def test_round_trip_through_the_stdlib_parser():
    long_line = "Ünïcode – " + "x" * 300
    raw = mime.multipart_alternative(
        [
            (
                "Subject",
                mime.encode_header(
                    "Subject", "[APC] Investigating – Down\r\nBcc: x@evil"
                ),
            ),
            ("From", mime.encode_address("Statüs <status@example.com>")),
            ("To", "reader@example.org"),
        ],
        f"Hello – text\n{long_line}\n",
        "<p>Hello – <b>html</b></p>",
    )
    assert raw.isascii()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "[APC] Investigating – Down Bcc: x@evil"
    assert "Bcc" not in message
    assert message["From"].addresses[0].display_name == "Statüs"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == f"Hello – text\n{long_line}\n"
    html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert html == "<p>Hello – <b>html</b></p>"
