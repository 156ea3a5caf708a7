"""Render a Report as Markdown, standalone HTML or PDF (the PDF is the HTML, printed).

All three formats read the same ``Report``; none of them chooses content.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from app.models import Incident
from app.reports.build import build_report
from app.reports.report import Item, Report, ReportFormat, ReportVariant, Section, Table

MIMETYPES = {
    ReportFormat.MARKDOWN: "text/markdown; charset=utf-8",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
}
STYLESHEET = "css/report.css"


@dataclass(frozen=True)
class Export:
    """A rendered report, ready to save or send."""

    filename: str
    mimetype: str
    body: bytes


def to_markdown(report: Report) -> str:
    """Plain Markdown to paste into email or Slack; staff Markdown kept as written."""
    lines = [f"# Incident report: {report.title}", "", report.subtitle]
    lines += [report.time_zone_note, ""]
    lines += [f"> **{notice}**\n" for notice in report.notices]
    for number, section in enumerate(report.sections, start=1):
        lines += _markdown_section(number, section)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_section(number: int, section: Section) -> list[str]:
    lines = [f"## {number}. {section.title}", ""]
    for paragraph in section.paragraphs:
        lines += [paragraph.body.strip(), ""]
    if section.items:
        lines += [_markdown_item(item) for item in section.items] + [""]
    if section.table:
        lines += _markdown_table(section.table) + [""]
    return lines


def _markdown_item(item: Item) -> str:
    line = f"- **{item.lead}**"
    if item.label:
        line += f" — {item.label}"
    body = item.text.body.strip()
    if body:
        line += (": " if item.label else " — ") + body.replace("\n", "\n  ")
    return line


def _markdown_table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        cleaned = (" ".join(c.split()).replace("|", "\\|") for c in cells)
        return f"| {' | '.join(cleaned)} |"

    return [row(table.headers), row(tuple("---" for _ in table.headers))] + [
        row(cells) for cells in table.rows
    ]


def stylesheet() -> Markup:
    """The report's print CSS, read from static/ so the HTML file stands alone."""
    path = Path(current_app.static_folder or "static") / STYLESHEET
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 - our own file


def to_html(report: Report) -> str:
    """A standalone, print-styled HTML document: CSS inlined, no external assets."""
    return render_template("reports/report.html", report=report, css=stylesheet())


def to_pdf(report: Report) -> bytes:
    """The HTML document printed to PDF by WeasyPrint."""
    from weasyprint import HTML  # slow to import; only PDF exports need it

    return HTML(string=to_html(report)).write_pdf()


def render(report: Report, fmt: ReportFormat) -> bytes:
    """``report`` in ``fmt``, as bytes (UTF-8 for the text formats)."""
    if fmt is ReportFormat.PDF:
        return to_pdf(report)
    text = to_markdown(report) if fmt is ReportFormat.MARKDOWN else to_html(report)
    return text.encode("utf-8")


def export_report(
    incident: Incident,
    fmt: ReportFormat,
    variant: ReportVariant = ReportVariant.CLIENT,
    now: datetime | None = None,
) -> Export:
    """Build and render the report on ``incident`` (apc-2024-03-11-downtime.pdf)."""
    report = build_report(incident, variant, now)
    return Export(
        filename=f"{report.file_stem}.{fmt.value}",
        mimetype=MIMETYPES[fmt],
        body=render(report, fmt),
    )
