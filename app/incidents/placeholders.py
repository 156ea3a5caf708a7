"""Fill a communication template's ``{placeholders}`` without ever failing.

Each ``{...}`` is read with ``string.Formatter``'s parser and looked up in a plain
mapping of ready-made strings. Only bare names are filled: attribute or index access
(``{page.__class__}``, ``{x[0]}``), conversions (``{title!r}``), format specs
(``{title:>9999}``) and unknown names are left in the text as written and reported,
so a typo shows up in the preview instead of a 500. ``{{`` and ``}}`` are braces.
"""

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDERS = (
    "page",
    "title",
    "components",
    "severity",
    "status",
    "started_at",
    "detected_at",
    "next_update_at",
)

_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_PARSER = string.Formatter()


@dataclass(frozen=True)
class Rendered:
    text: str
    unknown: tuple[str, ...]  # placeholders left as written, in order of appearance

    @property
    def complete(self) -> bool:
        return not self.unknown


def _lookup(token: str, values: Mapping[str, str]) -> str | None:
    try:
        [(_literal, name, spec, conversion)] = _PARSER.parse(token)
    except ValueError:
        return None
    if spec or conversion or name is None or name not in values:
        return None
    return str(values[name])


def render_placeholders(body: str, values: Mapping[str, str]) -> Rendered:
    """``body`` with every known ``{name}`` replaced by ``values[name]``."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        value = _lookup(token, values)
        if value is None:
            unknown.append(token)
            return token
        return value

    text = _TOKEN.sub(replace, body)
    return Rendered(text, tuple(dict.fromkeys(unknown)))


def unknown_placeholders(body: str) -> tuple[str, ...]:
    """The placeholders in ``body`` that rendering would leave unfilled."""
    return render_placeholders(body, dict.fromkeys(PLACEHOLDERS, "")).unknown
