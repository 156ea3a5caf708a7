"""Helpers of the notification tests."""

import re
from email.message import EmailMessage


def link_in(message: EmailMessage, path_part: str) -> str:
    """The first http(s) link containing ``path_part`` in the text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", text)
    assert match, text
    return match.group(0)


def assert_one_thread(messages: list[EmailMessage]) -> None:
    """Each message replies to the one before and references all before it."""
    assert "In-Reply-To" not in messages[0]
    for n, message in enumerate(messages[1:], start=1):
        assert message["In-Reply-To"] == messages[n - 1]["Message-ID"]
        assert message["References"].split() == [m["Message-ID"] for m in messages[:n]]
