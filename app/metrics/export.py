"""The metrics page's numbers as CSV: one row per group, then hours per month."""

import csv
import io
from decimal import Decimal

from app.metrics.rules import Compliance, DurationStats
from app.metrics.service import MetricsReport, MetricsRow

HEADER = (
    "section",
    "group",
    "month",
    "incidents",
    "detect_median_min",
    "detect_mean_min",
    "acknowledge_median_min",
    "acknowledge_mean_min",
    "sla_met",
    "sla_missed",
    "sla_compliance_pct",
    "resolve_median_min",
    "resolve_mean_min",
    "recovery_met",
    "recovery_missed",
    "recovery_compliance_pct",
    "open_action_items",
    "overdue_action_items",
    "hours",
)
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _number(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def _stats(stats: DurationStats) -> list[str]:
    return [_number(stats.median_minutes), _number(stats.mean_minutes)]


def _compliance(found: Compliance) -> list[str]:
    return [str(found.met), str(found.missed), _number(found.percent)]


def _group_row(section: str, row: MetricsRow) -> list[str]:
    m = row.metrics
    return [
        section,
        _text(m.label),
        "",
        str(m.incidents),
        *_stats(m.detect),
        *_stats(m.acknowledge),
        *_compliance(m.sla),
        *_stats(m.resolve),
        *_compliance(m.recovery),
        str(row.items.open),
        str(row.items.overdue),
        "",
    ]


def metrics_csv(report: MetricsReport) -> str:
    """The report as CSV text, with a header row; empty cells where n/a."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow(_group_row("all", report.overall))
    writer.writerows(_group_row("page", row) for row in report.by_page)
    writer.writerows(_group_row("severity", row) for row in report.by_severity)
    blanks = [""] * (len(HEADER) - 4)
    for entry in report.hours:
        writer.writerow(
            ["hours", _text(entry.page), entry.month, *blanks, str(entry.hours)]
        )
    return out.getvalue()
