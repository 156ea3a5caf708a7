"""Tiny server-side SVG charts: horizontal bars with a <title> on every bar.

No inline styles (the CSP forbids them) and no scripts: colours come from CSS
classes that static/css/metrics.css maps to the theme's variables, so the
charts follow the light and dark schemes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 90
ROW = 28
BAR = 18
PAD = 6
MAX_LABEL = 34


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    shown: str  # the value as people read it, e.g. "92.5 %"
    tone: str = "neutral"  # neutral, ok or bad: a CSS class, never a colour


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _bar(n: int, bar: Bar, scale: float) -> Markup:
    y = PAD + n * ROW
    width = max(float(bar.value), 0) * scale
    text_y = y + BAR - 3
    return Markup(
        '<g class="chart-row"><title>{label}: {shown}</title>'
        '<text class="chart-label" x="{lx}" y="{ty}" text-anchor="end">{short}</text>'
        '<rect class="chart-bar tone-{tone}" x="{bx}" y="{y}" width="{w:.1f}" '
        'height="{h}" rx="2"></rect>'
        '<text class="chart-value" x="{vx:.1f}" y="{ty}">{shown}</text></g>'
    ).format(
        label=bar.label,
        shown=bar.shown,
        short=_short(bar.label),
        lx=LABEL_WIDTH - 8,
        ty=text_y,
        tone=escape(bar.tone),
        bx=LABEL_WIDTH,
        y=y,
        w=width,
        h=BAR,
        vx=LABEL_WIDTH + width + 6,
    )


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> Markup:
    """An accessible horizontal bar chart as inline ``<svg>`` markup."""
    top = max((float(b.value) for b in bars), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top if top > 0 else 0
    height = PAD * 2 + max(len(bars), 1) * ROW
    rows = [_bar(n, bar, scale) for n, bar in enumerate(bars)]
    if not bars:
        rows = [
            Markup('<text class="chart-empty" x="{}" y="{}">No data</text>').format(
                LABEL_WIDTH, PAD + BAR
            )
        ]
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title"><title id="{id}-title">{title}</title>'
        '<line class="chart-axis" x1="{x}" y1="0" x2="{x}" y2="{h}"></line>'
        "{rows}</svg>"
    ).format(
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        x=LABEL_WIDTH,
        rows=Markup("").join(rows),
    )
