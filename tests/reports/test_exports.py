"""Markdown, HTML and PDF exports: every incident exports, internal data stays internal.

PDFs are slow to render, so one module-scoped fixture renders each PDF once.
"""

import pytest

from app import create_app
from app.extensions import db as _db
from app.reports.render import export_report
from app.reports.report import ReportFormat, ReportVariant
from tests.reports.helpers import (
    CLIENT_TEXT,
    SECRETS,
    pdf_text,
    seed_apc,
    seed_minimal_incident,
    seed_open_incident,
    seed_secret_incident,
)

CLIENT, INTERNAL = ReportVariant.CLIENT, ReportVariant.INTERNAL
MD, HTML, PDF = ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.PDF
SEEDS = {
    "apc": seed_apc,
    "secret": seed_secret_incident,
    "minimal": seed_minimal_incident,
    "open": seed_open_incident,
}


@pytest.fixture(scope="module")
def pdfs(database_url):
    """{(incident, variant): (file name, first bytes, text)} for the PDFs."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"}
    )
    rendered = {}
    with app.app_context():
        _db.create_all()
        try:
            incidents = {name: seed() for name, seed in SEEDS.items()}
            for name, variant in [*((n, CLIENT) for n in SEEDS), ("secret", INTERNAL)]:
                export = export_report(incidents[name], PDF, variant)
                rendered[name, variant] = (
                    export.filename,
                    export.body[:5],
                    pdf_text(export.body),
                )
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()
    return rendered


def _text(incident, fmt, variant=CLIENT) -> str:
    return export_report(incident, fmt, variant).body.decode("utf-8")


@pytest.mark.parametrize("name", list(SEEDS))
def test_every_incident_exports_as_a_real_pdf(pdfs, name):
    filename, magic, text = pdfs[name, CLIENT]
    assert magic == b"%PDF-"
    assert filename.endswith(".pdf")
    assert "1. Summary" in text
    assert "6. Expected side-effects and next steps" in text


@pytest.mark.parametrize("name", list(SEEDS))
@pytest.mark.parametrize("fmt", [MD, HTML])
def test_every_incident_exports_as_text(db, name, fmt):
    text = _text(SEEDS[name](), fmt)
    assert "1. Summary" in text
    assert "6. Expected side-effects and next steps" in text


def test_the_apc_pdf_holds_the_report(pdfs):
    filename, _magic, text = pdfs["apc", CLIENT]
    assert filename == "apc-2024-03-11-downtime.pdf"
    assert (
        "At approximately 1:12 AM EDT on 11 March 2024, we experienced a 5-minute "
        "downtime for APC. This only impacted approcess.com; vletherapeutics.com was "
        "unimpacted." in text
    )
    assert "We spent 1.5 hours on this issue in total, under the Core Coverage" in text


def test_the_client_pdf_has_no_internal_data(pdfs):
    _name, _magic, text = pdfs["secret", CLIENT]
    for secret in SECRETS.values():
        assert secret not in text
    for words in CLIENT_TEXT.values():
        assert words in text


def test_the_internal_pdf_has_the_internal_record(pdfs):
    filename, _magic, text = pdfs["secret", INTERNAL]
    assert filename == "acme-2024-05-02-partial-outage-internal.pdf"
    for marker in [*SECRETS.values(), *CLIENT_TEXT.values()]:
        assert marker in text


@pytest.mark.parametrize("fmt", [MD, HTML])
def test_client_text_formats_have_no_internal_data(db, fmt):
    incident = seed_secret_incident()
    client = _text(incident, fmt)
    internal = _text(incident, fmt, INTERNAL)
    for secret in SECRETS.values():
        assert secret not in client
        assert secret in internal
    for words in CLIENT_TEXT.values():
        assert words in client
        assert words in internal


def test_html_is_standalone_and_sanitised(db):
    html = _text(seed_secret_incident(), HTML)
    assert html.startswith("<!doctype html>")
    assert "<style>" in html
    assert "@page" in html  # the print CSS, inlined
    for external in ("<link", "src=", "<script", "url("):
        assert external not in html
    assert "<strong>delayed email</strong>" in html
    assert "alert(1)" not in html


def test_markdown_keeps_the_text_as_written(db):
    text = _text(seed_secret_incident(), MD)
    assert "We are looking into **delayed email**." in text
    assert "<strong>" not in text


def test_file_names(db):
    incident = seed_apc()
    assert export_report(incident, MD).filename == "apc-2024-03-11-downtime.md"
    assert export_report(incident, HTML, INTERNAL).filename == (
        "apc-2024-03-11-downtime-internal.html"
    )
    assert export_report(seed_minimal_incident(), MD).filename == (
        "bare-2024-05-02-login-trouble.md"
    )
