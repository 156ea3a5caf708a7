"""Helpers of the notification tests."""

import re
from email.message import EmailMessage


def link_in(message: EmailMessage, path_part: str) -> str:
    """The first http(s) link containing ``path_part`` in the text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", text)
    assert match, text
    return match.group(0)
