"""Subscriber CSV: export, and import with a report of every rejected row.

Imports accept what spreadsheets write: UTF-8 with or without a byte-order
mark (or UTF-16 with one), commas, semicolons or tabs, header names in any
case, blank lines. Anything else is refused as a whole with a clear reason.
"""

import csv
import io
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Channel, Component, Page, Subscriber
from app.notifications import outbox
from app.notifications.subscriptions import InvalidEmail, normalise_email

CSV_COLUMNS = ["email", "status", "components", "created_at", "confirmed_at"]
DELIMITERS = (",", ";", "\t")
MAX_ROWS = 50_000


class InvalidUpload(ValueError):
    """Raised for an upload that is not a CSV file we can read."""


def read_upload(data: bytes, max_bytes: int) -> str:
    """The text of an uploaded CSV file; InvalidUpload saying why it is unusable."""
    if len(data) > max_bytes:
        raise InvalidUpload(f"The file is larger than {max_bytes // 1024:,} KB.")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Unicode text"
    encoding = "utf-16" if utf16 else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidUpload(
            "The file is not UTF-8 text. In your spreadsheet, save it as "
            "“CSV UTF-8” and upload it again."
        ) from None
    if "\x00" in text:
        raise InvalidUpload("This is not a CSV file (it holds binary data).")
    header = next((line for line in text.splitlines() if line.strip()), "")
    if "email" not in [name.strip().lower() for name in _split(header)]:
        raise InvalidUpload(
            "The first line must name the columns, one of them “email”."
        )
    return text


def _delimiter(header: str) -> str:
    return max(DELIMITERS, key=header.count) if header else ","


def _split(header: str) -> list[str]:
    return next(csv.reader([header], delimiter=_delimiter(header)), [])


def _status(subscriber: Subscriber) -> str:
    if subscriber.unsubscribed_at:
        return "unsubscribed"
    return "confirmed" if subscriber.confirmed_at else "pending"


def export_csv(page: Page) -> str:
    """Every email subscriber of ``page`` as CSV (components by name, ';'-separated)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    query = (
        sa.select(Subscriber)
        .where(Subscriber.page_id == page.id, Subscriber.channel == Channel.EMAIL)
        .options(selectinload(Subscriber.components))
        .order_by(Subscriber.address)
    )
    for s in db.session.scalars(query):
        writer.writerow(
            [
                s.address,
                _status(s),
                "" if s.all_components else ";".join(c.name for c in s.components),
                s.created_at.isoformat(),
                s.confirmed_at.isoformat() if s.confirmed_at else "",
            ]
        )
    return out.getvalue()


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, raw, why


def import_csv(page: Page, text: str, *, confirmed: bool = True) -> ImportReport:
    """Add or update email subscribers from CSV with ``email`` and ``components``.

    ``confirmed`` imports them as already opted in (the agency vouches for
    them); otherwise each gets a confirmation email. Bad rows are reported.
    """
    report = ImportReport()
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line))
    header = next((row for row in reader if any(c.strip() for c in row)), [])
    names = [name.strip().lower() for name in header]
    if "email" not in names:
        report.rejected.append(
            (reader.line_num or 1, ",".join(header), "no email column")
        )
        return report
    by_name = {c.name.casefold(): c for c in page.components}
    existing = _email_subscribers(page)
    seen: set[str] = set()
    rows = 0
    for cells in reader:
        if not any(cell.strip(" ,;\t") for cell in cells):
            continue  # a blank line, or one of only separators
        rows += 1
        if rows > MAX_ROWS:
            report.rejected.append((reader.line_num, "", "too many rows; stopped"))
            break
        row = dict(zip(names, cells, strict=False))
        rejection = _import_row(page, row, by_name, existing, seen, confirmed, report)
        if rejection:
            raw = (row.get("email") or "").strip()
            report.rejected.append((reader.line_num, raw, rejection))
    db.session.flush()
    return report


def _email_subscribers(page: Page) -> dict[str, Subscriber]:
    # One query for the whole file, not one per row.
    query = (
        sa.select(Subscriber)
        .where(Subscriber.page_id == page.id, Subscriber.channel == Channel.EMAIL)
        .options(selectinload(Subscriber.components))
    )
    return {s.address: s for s in db.session.scalars(query)}


def _import_row(
    page: Page,
    row: dict[str, str | None],
    by_name: dict[str, Component],
    existing: dict[str, Subscriber],
    seen: set[str],
    confirmed: bool,
    report: ImportReport,
) -> str | None:
    """Import one row; return why it was rejected, if it was."""
    try:
        address = normalise_email(row.get("email") or "")
    except InvalidEmail as error:
        return str(error)
    names = [n.strip() for n in (row.get("components") or "").split(";") if n.strip()]
    unknown = [n for n in names if n.casefold() not in by_name]
    if unknown:
        return f"unknown component: {', '.join(unknown)}"
    if address in seen:
        return "duplicate of an earlier row"
    seen.add(address)
    subscriber = existing.get(address)
    if subscriber is None:
        subscriber = Subscriber(page=page, channel=Channel.EMAIL, address=address)
        db.session.add(subscriber)
        existing[address] = subscriber
        report.added += 1
    else:
        report.updated += 1
    subscriber.follow([by_name[n.casefold()] for n in names])
    if subscriber.unsubscribed_at is not None:
        return None  # someone who opted out stays out, whatever the spreadsheet says
    if confirmed:
        subscriber.confirm()
    elif subscriber.confirmed_at is None:
        outbox.queue_one(f"confirmation:{secrets.token_hex(8)}", subscriber)
    return None
