"""Reading uploaded subscriber CSVs: encodings, delimiters, blank lines, limits."""

import pytest

from app.notifications import subscribers
from app.notifications.subscriber_csv import MAX_ROWS, InvalidUpload, read_upload

LIMIT = 64 * 1024


def _import(page, data: bytes, **kwargs):
    return subscribers.import_csv(page, read_upload(data, LIMIT), **kwargs)


@pytest.mark.parametrize(
    "data",
    [
        b"email,components\r\nann@example.org,\r\n",
        b"\xef\xbb\xbfemail,components\nann@example.org,\n",  # Excel's UTF-8 BOM
        b"Email;Components\nann@example.org;\n",  # European Excel: semicolons
        b" EMAIL \tcomponents\nann@example.org\t\n",  # tabs, odd header case
        "email\nann@example.org\n".encode("utf-16"),  # "Unicode text", with a BOM
        b"\n\nemail\n\nann@example.org\n;;\n\n",  # blank lines everywhere
    ],
    ids=["crlf", "bom", "semicolons", "tabs", "utf-16", "blank-lines"],
)
def test_spreadsheet_variants_import_the_same(db, make_page, data):
    page = make_page()
    report = _import(page, data)
    assert (report.added, report.updated, report.rejected) == (1, 0, [])
    assert [s.address for s in subscribers.list_subscribers(page)] == [
        "ann@example.org"
    ]


def test_semicolon_file_with_component_lists(db, make_page, make_component):
    page = make_page()
    make_component(page, name="approcess.com")
    make_component(page, name="Portal")
    data = b'email;components\nann@example.org;"approcess.com;portal"\n'
    report = _import(page, data)
    assert report.rejected == []
    [ann] = subscribers.list_subscribers(page)
    assert sorted(c.name for c in ann.components) == ["Portal", "approcess.com"]


def test_rejected_rows_are_reported_with_line_numbers(db, make_page):
    page = make_page()
    data = (
        b"email\n"
        b"ann@example.org\n"
        b"\n"
        b"ANN@example.org\n"  # line 4: the same address again
        b"bob@@example.org\n"  # line 5
        b"carl@localhost\n"  # line 6: no domain to deliver to
        b"dee@example.org\n"
    )
    report = _import(page, data)
    assert (report.added, report.updated) == (2, 0)
    assert [(line, raw) for line, raw, _ in report.rejected] == [
        (4, "ANN@example.org"),
        (5, "bob@@example.org"),
        (6, "carl@localhost"),
    ]
    assert report.rejected[0][2] == "duplicate of an earlier row"


def test_reimport_updates_and_keeps_opted_out_people_out(
    db, make_page, make_subscriber
):
    from app.models.base import utcnow

    page = make_page()
    make_subscriber(page, "ann@example.org")
    make_subscriber(page, "gone@example.org", unsubscribed_at=utcnow())
    report = _import(page, b"email\nann@example.org\ngone@example.org\n")
    assert (report.added, report.updated) == (0, 2)
    statuses = {s.address: s.status for s in subscribers.list_subscribers(page)}
    assert statuses == {
        "ann@example.org": "confirmed",
        "gone@example.org": "unsubscribed",
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "first line"),
        (b"name,phone\nAnn,555\n", "first line"),
        ("email\nzoë@example.org\n".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"email\x00\x00\nann@example.org", "binary"),
        (b"email\n" + b"a@example.org\n" * 5000, "larger than"),
    ],
    ids=["empty", "no-email-column", "latin-1", "png", "nul-bytes", "too-big"],
)
def test_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(InvalidUpload, match=reason):
        read_upload(data, LIMIT)


def test_row_limit_stops_the_import(db, make_page, monkeypatch):
    monkeypatch.setattr("app.notifications.subscriber_csv.MAX_ROWS", 3)
    page = make_page()
    rows = "".join(f"r{i}@example.org\n" for i in range(5))
    report = subscribers.import_csv(page, "email\n" + rows)
    assert report.added == 3
    assert report.rejected[-1][2] == "too many rows; stopped"
    assert MAX_ROWS > 10_000  # the real limit, untouched by the patch above
