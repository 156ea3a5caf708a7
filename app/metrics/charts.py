"""The metrics page's charts, built from the same report as its tables and CSV."""

from dataclasses import dataclass

from markupsafe import Markup

from app.incidents.hours_rules import format_hours
from app.metrics.service import MetricsReport
from app.metrics.svg import Bar, bar_chart


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup


def _minutes(value: object) -> str:
    return "n/a" if value is None else f"{value} min"


def _compliance_tone(percent: object) -> str:
    if percent is None:
        return "neutral"
    return "ok" if percent >= 95 else "bad"


def metrics_charts(report: MetricsReport) -> list[Chart]:
    """Incidents and SLA compliance per page, time to resolve by severity, hours."""
    pages = report.by_page
    specs = [
        (
            "Incidents per page",
            [
                Bar(r.metrics.label, r.metrics.incidents, str(r.metrics.incidents))
                for r in pages
            ],
        ),
        (
            "Acknowledged within the page's SLA (%)",
            [
                Bar(
                    r.metrics.label,
                    r.metrics.sla.percent or 0,
                    "n/a"
                    if r.metrics.sla.percent is None
                    else f"{r.metrics.sla.percent} %",
                    _compliance_tone(r.metrics.sla.percent),
                )
                for r in pages
            ],
        ),
        (
            "Median time to resolve by severity (minutes)",
            [
                Bar(
                    r.metrics.label,
                    r.metrics.resolve.median_minutes or 0,
                    _minutes(r.metrics.resolve.median_minutes),
                )
                for r in report.by_severity
            ],
        ),
        (
            "Hours spent per page and month",
            [
                Bar(f"{h.page} · {h.month}", h.hours, f"{format_hours(h.hours)} h")
                for h in report.hours
            ],
        ),
    ]
    return [
        Chart(title, bar_chart(f"chart-{n}", title, bars))
        for n, (title, bars) in enumerate(specs, start=1)
    ]
