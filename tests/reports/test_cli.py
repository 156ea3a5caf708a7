"""`flask report export`: formats, output, errors, and the audit of internal exports."""

import sqlalchemy as sa

from app.models import AuditEntry
from tests.reports.helpers import SECRETS, seed_apc, seed_secret_incident


def test_markdown_to_stdout(runner, db):
    incident = seed_apc()
    result = runner.invoke(
        args=["report", "export", incident.id, "--format", "md", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Incident report: approcess.com is down")
    assert "we experienced a 5-minute downtime for APC" in result.output


def test_html_to_a_file(runner, db, tmp_path):
    incident = seed_apc()
    target = tmp_path / "report.html"
    result = runner.invoke(
        args=["report", "export", incident.id, "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("<!doctype html>")
    assert f"Wrote {target}" in result.output


def test_pdf_with_the_suggested_name(runner, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    incident = seed_apc()
    result = runner.invoke(args=["report", "export", incident.id, "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "apc-2024-03-11-downtime.pdf").read_bytes().startswith(b"%PDF-")


def test_internal_export_has_the_record_and_is_audited(runner, db):
    incident = seed_secret_incident()
    result = runner.invoke(
        args=["report", "export", incident.id, "--internal", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert SECRETS["what_happened"] in result.output
    [entry] = db.session.scalars(sa.select(AuditEntry))
    assert (entry.action, entry.actor_label) == ("export", "system")


def test_client_export_to_stdout_has_no_secrets(runner, db):
    incident = seed_secret_incident()
    result = runner.invoke(args=["report", "export", incident.id, "-o", "-"])
    assert not any(secret in result.output for secret in SECRETS.values())
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_errors_are_clear(runner, db, tmp_path):
    incident = seed_apc()
    unknown = runner.invoke(args=["report", "export", "nope", "-o", "-"])
    assert unknown.exit_code == 1
    assert "No incident with id “nope”." in unknown.output
    bad_format = runner.invoke(
        args=["report", "export", incident.id, "--format", "doc"]
    )
    assert bad_format.exit_code == 2
    assert "'doc' is not one of 'md', 'html', 'pdf'" in bad_format.output
    pdf_out = runner.invoke(
        args=["report", "export", incident.id, "--format", "pdf", "-o", "-"]
    )
    assert pdf_out.exit_code == 2
    assert "a PDF cannot go to standard output" in pdf_out.output
    missing_dir = tmp_path / "no" / "such" / "dir.md"
    unwritable = runner.invoke(
        args=["report", "export", incident.id, "-o", str(missing_dir)]
    )
    assert unwritable.exit_code == 1
    assert (
        f"Cannot write {missing_dir}: No such file or directory." in unwritable.output
    )
