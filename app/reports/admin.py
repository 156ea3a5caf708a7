"""Incident reports: preview (client or internal), download as Markdown, HTML, PDF."""

from flask import Response, abort, render_template, request
from flask_login import current_user

from app.admin import bp
from app.core import audit
from app.extensions import db
from app.models import Incident
from app.reports.agency import agency_look
from app.reports.build import build_report
from app.reports.render import Export, export_report, to_markdown
from app.reports.report import ReportFormat, ReportVariant

# The standalone HTML carries its own <style> and nothing else: allow just that.
DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _variant() -> ReportVariant:
    try:
        return ReportVariant(request.args.get("variant", ReportVariant.CLIENT))
    except ValueError:
        abort(400)


# The report templates ask for the agency's look wherever they render (the
# admin preview, the standalone HTML and PDF, the command line's exports).
bp.add_app_template_global(agency_look, "agency_look")


@bp.get("/reports/agency.css")
def agency_css():
    """The agency's colour for the preview (the standalone file inlines it)."""
    return Response(agency_look().css, mimetype="text/css")


@bp.get("/incidents/<incident_id>/report")
def incident_report(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    variant = _variant()
    report = build_report(incident, variant)
    return render_template(
        "admin/reports/preview.html",
        incident=incident,
        report=report,
        variant=variant,
        variants=ReportVariant,
        formats=ReportFormat,
        markdown=to_markdown(report),
    )


@bp.get("/incidents/<incident_id>/report.<fmt>")
def incident_report_download(incident_id: str, fmt: str):
    incident = db.get_or_404(Incident, incident_id)
    if fmt not in set(ReportFormat):
        abort(404)
    variant = _variant()
    export = export_report(incident, ReportFormat(fmt), variant)
    if variant is ReportVariant.INTERNAL:
        audit.record(
            current_user, "export", incident, summary=f"exported {export.filename}"
        )
        db.session.commit()
    return download_response(export)


def download_response(export: Export) -> Response:
    """``export`` as an attachment that no cache keeps (reports are confidential)."""
    # content_type, not mimetype: Flask would add a second charset to it.
    response = Response(export.body, content_type=export.mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=export.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
