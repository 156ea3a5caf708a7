"""Emails written by the standard library once per event and completed per
recipient: the stdlib's own parser reads every copy back exactly, defect-free."""

import email
import email.policy
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.notifications import mime

MANAGE, UNSUBSCRIBE = "__MANAGE__", "__UNSUBSCRIBE__"
SENT = datetime(2026, 3, 29, 13, 7, 5, tzinfo=UTC)


def _template(text: str, html: str, **fields) -> mime.Template:
    fields = {
        "subject": "[APC] Investigating – Down",
        "sender": "Statüs <status@example.com>",
        "date": SENT,
        "list_id": "apc.status.example.com",
        "threaded": True,
    } | fields
    return mime.Template(
        mime.Email(text=text, html=html, **fields), (MANAGE, UNSUBSCRIBE)
    )


def _parse(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    defects = [d for part in message.walk() for d in part.defects]
    assert defects == []
    return message  # type: ignore[return-value]


def _copy(template: mime.Template, references=(), manage="https://s.test/m/1"):
    return template.fill(
        "reader@example.org",
        "<incident-update.u1.s1@status.test>",
        list(references),
        {MANAGE: manage, UNSUBSCRIBE: "https://s.test/u/1"},
        "https://s.test/u/1",
    )


def test_each_copy_is_a_well_formed_email():
    long_line = "Ünïcode – " + "x" * 300
    template = _template(
        f"Hello – text\n{long_line}\nManage: {MANAGE}\n",
        f'<p>Hello – <b>html</b> <a href="{UNSUBSCRIBE}">Unsubscribe</a></p>',
        subject="[APC] Investigating – Down\r\nBcc: x@evil",
    )
    raw = _copy(template)
    assert raw.isascii()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
    message = _parse(raw)
    assert message["Subject"] == "[APC] Investigating – Down Bcc: x@evil"
    assert "Bcc" not in message
    assert message["From"].addresses[0].display_name == "Statüs"
    assert message["To"] == "reader@example.org"
    assert message["Date"].datetime == SENT
    assert message["List-Unsubscribe"] == "<https://s.test/u/1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == f"Hello – text\n{long_line}\nManage: https://s.test/m/1\n"
    html = message.get_body(("html",)).get_content()
    assert '<a href="https://s.test/u/1">' in html


def test_a_thread_names_every_earlier_message_and_replies_to_the_last():
    template = _template("Update.\n", "<p>Update.</p>")
    first = _parse(_copy(template))
    assert "In-Reply-To" not in first
    assert "References" not in first
    earlier = [f"<incident-update.u{n}.s1@status.test>" for n in range(12)]
    later = _parse(_copy(template, earlier))
    assert later["In-Reply-To"] == earlier[-1]
    assert later["References"].split() == earlier


def test_personal_mail_has_no_list_headers():
    template = _template("Confirm.\n", "<p>Confirm.</p>", list_id=None, threaded=False)
    message = _parse(_copy(template))
    assert "List-Unsubscribe" not in message
    assert "List-Id" not in message


def test_header_values_cannot_carry_a_line_break():
    template = _template("x\n", "<p>x</p>")
    try:
        template.fill("a@b.test\r\nBcc: c@d.test", "<m@x>", [], {}, "")
    except ValueError:
        return
    raise AssertionError("a CR/LF reached a header")


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"))
_url = st.text(
    "abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%", min_size=1
)


@given(before=_text, between=_text, after=_text, manage=_url, unsubscribe=_url)
def test_any_body_and_links_read_back_exactly(
    before, between, after, manage, unsubscribe
):
    text = f"{before}{MANAGE}{between}{UNSUBSCRIBE}{after}"
    template = _template(text, f"<p>{text}</p>")
    raw = template.fill(
        "reader@example.org", "<m.1@status.test>", [],
        {MANAGE: manage, UNSUBSCRIBE: unsubscribe}, unsubscribe,
    )  # fmt: skip
    _, _, body = raw.partition(b"\r\n\r\n")
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
    message = _parse(raw)
    expected = f"{before}{manage}{between}{unsubscribe}{after}"
    if not expected.endswith("\n"):
        expected += "\n"
    plain = message.get_body(("plain",)).get_content()
    assert plain.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
