"""`flask report export ...`: incident reports for scripts."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.core import audit
from app.extensions import db
from app.models import Incident
from app.reports.render import export_report
from app.reports.report import ReportFormat, ReportVariant

report_cli = AppGroup("report", help="Incident reports.")


@report_cli.command("export")
@click.argument("incident_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ReportFormat]),
    default=ReportFormat.MARKDOWN.value,
    show_default=True,
    help="Markdown, standalone HTML or PDF.",
)
@click.option("--internal", is_flag=True, help="Add the internal record (debrief, …).")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write; '-' is standard output (md, html). "
    "Default: the suggested file name, e.g. apc-2024-03-11-downtime.pdf.",
)
def export_command(incident_id: str, fmt: str, internal: bool, output: str | None):
    """Export the report on INCIDENT_ID (the id in /<slug>/incidents/<id>)."""
    incident = db.session.get(Incident, incident_id)
    if incident is None:
        raise click.ClickException(f"No incident with id “{incident_id}”.")
    if output == "-" and fmt == ReportFormat.PDF:
        raise click.BadParameter("a PDF cannot go to standard output.", param_hint="-o")
    variant = ReportVariant.INTERNAL if internal else ReportVariant.CLIENT
    export = export_report(incident, ReportFormat(fmt), variant)
    if output == "-":
        click.echo(export.body.decode("utf-8"), nl=False)
    else:
        _write(Path(output or export.filename), export.body)
    if internal:
        audit.record(None, "export", incident, summary=f"exported {export.filename}")
        db.session.commit()


def _write(path: Path, body: bytes) -> None:
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise click.ClickException(f"Cannot write {path}: {exc.strerror}.") from exc
    click.echo(f"Wrote {path} ({len(body):,} bytes).", err=True)
