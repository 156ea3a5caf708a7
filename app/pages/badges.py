"""Shields-style status badges: geometry and colours, rendered by badge.svg."""

from dataclasses import dataclass

from app.core.enums import ComponentStatus
from app.pages.status import Indicator

# The status page's own palette; white text on each meets WCAG AA contrast.
LABEL_COLOUR = "#555"
INDICATOR_COLOURS = {
    Indicator.NONE: "#1f7a4d",
    Indicator.MINOR: "#9a6700",
    Indicator.MAJOR: "#c2410c",
    Indicator.CRITICAL: "#b42318",
    Indicator.MAINTENANCE: "#3b5bdb",
}
COMPONENT_COLOURS = {
    ComponentStatus.OPERATIONAL: INDICATOR_COLOURS[Indicator.NONE],
    ComponentStatus.DEGRADED_PERFORMANCE: INDICATOR_COLOURS[Indicator.MINOR],
    ComponentStatus.PARTIAL_OUTAGE: INDICATOR_COLOURS[Indicator.MAJOR],
    ComponentStatus.MAJOR_OUTAGE: INDICATOR_COLOURS[Indicator.CRITICAL],
    ComponentStatus.UNDER_MAINTENANCE: INDICATOR_COLOURS[Indicator.MAINTENANCE],
}

# Approximate advances of Verdana at 11 px; textLength makes renderers honour them.
_NARROW = dict.fromkeys("ijlI.,:;'!|", 3.4) | dict.fromkeys("frt()[] ", 4.5)
_WIDE = dict.fromkeys("mwMW@%", 10.0)
_CAPITAL = 7.8
_DEFAULT = 6.9
PADDING = 6


def text_width(text: str) -> int:
    """Rendered width of ``text`` in the badge font, in pixels (rounded up)."""
    total = 0.0
    for char in text:
        width = _NARROW.get(char) or _WIDE.get(char)
        total += width or (_CAPITAL if char.isupper() else _DEFAULT)
    return int(total + 0.999)


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    colour: str

    @property
    def label_text_width(self) -> int:
        return text_width(self.label)

    @property
    def message_text_width(self) -> int:
        return text_width(self.message)

    @property
    def label_width(self) -> int:
        return self.label_text_width + 2 * PADDING

    @property
    def message_width(self) -> int:
        return self.message_text_width + 2 * PADDING

    @property
    def width(self) -> int:
        return self.label_width + self.message_width

    @property
    def title(self) -> str:
        return f"{self.label}: {self.message}"
