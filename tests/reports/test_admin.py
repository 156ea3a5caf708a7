"""The report preview and downloads in the admin area."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry
from app.reports.admin import DOWNLOAD_CSP
from tests.reports.helpers import SECRETS, seed_apc, seed_secret_incident


def _audit(db) -> list[AuditEntry]:
    """Report exports in the audit log (the demo seed audits its own changes)."""
    query = sa.select(AuditEntry).where(AuditEntry.action == "export")
    return list(db.session.scalars(query))


@pytest.mark.parametrize("suffix", ["report", "report.md", "report.pdf"])
def test_anonymous_users_are_sent_to_sign_in(client, db, suffix):
    incident = seed_apc()
    response = client.get(f"/admin/incidents/{incident.id}/{suffix}")
    assert response.status_code == 302
    assert response.location.startswith("/admin/login")


def test_staff_preview_the_client_report(staff_client, db):
    incident = seed_apc()
    page = staff_client.get(f"/admin/incidents/{incident.id}/report")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "we experienced a 5-minute downtime for APC" in html
    assert "Internal debrief" not in html
    assert f"/admin/incidents/{incident.id}/report.pdf" in html
    assert "?variant=internal" in html  # the switch to the internal variant
    assert "## 1. Summary" in html  # the Markdown to copy
    assert "<style" not in html  # the preview links the stylesheet (CSP)


def test_staff_preview_the_internal_report(staff_client, db):
    incident = seed_secret_incident()
    url = f"/admin/incidents/{incident.id}/report?variant=internal"
    html = staff_client.get(url).get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret in html
    assert "report.pdf?variant=internal" in html


def test_a_bad_variant_or_format_is_refused(staff_client, db):
    incident = seed_apc()
    base = f"/admin/incidents/{incident.id}/report"
    assert staff_client.get(f"{base}?variant=secret").status_code == 400
    assert staff_client.get(f"{base}.docx").status_code == 404
    assert staff_client.get("/admin/incidents/nope/report.md").status_code == 404


def test_download_markdown(staff_client, db):
    incident = seed_apc()
    response = staff_client.get(f"/admin/incidents/{incident.id}/report.md")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=apc-2024-03-11-downtime.md"
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "5-minute downtime" in response.get_data(as_text=True)
    assert _audit(db) == []  # client exports are not audited


def test_download_html_allows_only_its_own_style(staff_client, db):
    incident = seed_apc()
    response = staff_client.get(f"/admin/incidents/{incident.id}/report.html")
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == DOWNLOAD_CSP
    assert "<style>" in response.get_data(as_text=True)


def test_internal_download_is_audited(staff_client, staff_user, db):
    incident = seed_secret_incident()
    response = staff_client.get(
        f"/admin/incidents/{incident.id}/report.md?variant=internal"
    )
    assert response.headers["Content-Disposition"].endswith(
        "filename=acme-2024-05-02-partial-outage-internal.md"
    )
    [entry] = _audit(db)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "export",
        "incident",
        incident.id,
    )
    assert entry.actor_id == staff_user.id
    assert "acme-2024-05-02-partial-outage-internal.md" in entry.summary


def test_download_pdf(staff_client, db):
    incident = seed_apc()
    response = staff_client.get(f"/admin/incidents/{incident.id}/report.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=apc-2024-03-11-downtime.pdf"
    )
