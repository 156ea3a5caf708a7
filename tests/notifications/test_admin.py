"""Admin pages for subscribers, webhooks and delivery progress."""

import csv
import io

import sqlalchemy as sa

from app.incidents.service import declare_incident
from app.models import AuditEntry, Channel, Delivery, DeliveryStatus, Subscriber
from app.models.base import utcnow


def _audit(db, action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


def _upload(admin_client, page, data: bytes, mode: str = "confirmed", name="s.csv"):
    return admin_client.post(
        f"/admin/pages/{page.id}/subscribers/import",
        data={"file": (io.BytesIO(data), name), "mode": mode},
        content_type="multipart/form-data",
    )


def test_staff_see_counts_on_the_page_but_not_addresses(
    staff_client, db, make_page, make_subscriber
):
    page = make_page()
    make_subscriber(page, "secret-reader@example.org")
    make_subscriber(page, confirmed_at=None)
    make_subscriber(
        page, "https://h.example/x", channel=Channel.WEBHOOK, disabled_at=utcnow()
    )
    html = staff_client.get(f"/admin/pages/{page.id}").get_data(as_text=True)
    assert "Subscribers" in html
    assert "1 disabled" in html
    assert "secret-reader@example.org" not in html
    assert f"/admin/pages/{page.id}/subscribers" not in html
    assert staff_client.get(f"/admin/pages/{page.id}/subscribers").status_code == 403


def test_admins_list_filter_and_page_through_subscribers(
    app, admin_client, db, make_page, make_component, make_subscriber
):
    page = make_page()
    site = make_component(page, name="approcess.com")
    make_subscriber(page, "ann@example.org", components=[site])
    make_subscriber(page, "bob@example.org", confirmed_at=None)
    make_subscriber(page, "cy@example.org", unsubscribed_at=utcnow())
    url = f"/admin/pages/{page.id}/subscribers"
    html = admin_client.get(url).get_data(as_text=True)
    assert all(a in html for a in ("ann@", "bob@", "cy@", "approcess.com"))
    pending = admin_client.get(url + "?status=pending").get_data(as_text=True)
    assert "bob@" in pending
    assert "ann@" not in pending
    app.view_functions["admin.subscriber_list"].__globals__["PER_PAGE"] = 2
    try:
        second = admin_client.get(url + "?page=2").get_data(as_text=True)
    finally:
        app.view_functions["admin.subscriber_list"].__globals__["PER_PAGE"] = 50
    assert "cy@" in second
    assert "ann@" not in second
    assert "Page 2 of 2" in second


def test_remove_asks_first_then_deletes_and_audits(
    admin_client, db, make_page, make_subscriber
):
    page = make_page()
    reader = make_subscriber(page, "gone@example.org")
    url = f"/admin/pages/{page.id}/subscribers/{reader.id}/delete"
    assert "gone@example.org" in admin_client.get(url).get_data(as_text=True)
    assert db.session.get(Subscriber, reader.id) is not None
    assert admin_client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Subscriber, reader.id) is None
    [entry] = _audit(db, "delete")
    assert "gone@example.org" in entry.summary
    other = make_page()
    assert (
        admin_client.post(f"/admin/pages/{other.id}/subscribers/x/delete").status_code
        == 404
    )


def test_export_is_a_csv_download_and_audited(
    admin_client, db, make_page, make_subscriber
):
    page = make_page(slug="apc")
    make_subscriber(page, "ann@example.org")
    response = admin_client.get(f"/admin/pages/{page.id}/subscribers.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="apc-subscribers.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["email"] for r in rows] == ["ann@example.org"]
    assert len(_audit(db, "export")) == 1


def test_import_reports_added_updated_and_rejected_rows(
    admin_client, db, make_page, make_subscriber, smtp
):
    page = make_page()
    make_subscriber(page, "old@example.org")
    data = b"\xef\xbb\xbfEmail;Components\nnew@example.org;\nold@example.org;\nnope;\n"
    html = _upload(admin_client, page, data).get_data(as_text=True)
    assert "<strong>1</strong> added, <strong>1</strong> updated" in html
    assert "<td>4</td><td><code>nope</code></td>" in html
    assert smtp.messages == []
    [entry] = _audit(db, "import")
    assert "1 added, 1 updated, 1 rejected" in entry.summary


def test_import_can_send_confirmation_emails(admin_client, db, make_page, smtp):
    page = make_page()
    _upload(admin_client, page, b"email\nnew@example.org\n", mode="confirm")
    [mail] = smtp.to("new@example.org")
    assert "Confirm" in mail["Subject"]


def test_bad_uploads_are_form_errors_not_500(app, admin_client, make_page, smtp):
    page = make_page()
    app.config["SUBSCRIBER_IMPORT_MAX_BYTES"] = 1024
    cases = [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ("email\nzoë@example.org".encode("latin-1"), "not UTF-8"),
        (b"name\nAnn\n", "email"),
        (b"email\n" + b"a@example.org\n" * 200, "larger than 1 KB"),
    ]
    for data, reason in cases:
        response = _upload(admin_client, page, data)
        assert response.status_code == 200
        assert reason in response.get_data(as_text=True)
        assert "Import report" not in response.get_data(as_text=True)
    missing = admin_client.post(
        f"/admin/pages/{page.id}/subscribers/import", data={"mode": "confirmed"}
    )
    assert "Choose a CSV file." in missing.get_data(as_text=True)


def test_webhook_lifecycle(admin_client, db, make_page, make_component):
    page = make_page()
    site = make_component(page, name="approcess.com")
    created = admin_client.post(
        f"/admin/pages/{page.id}/webhooks/new",
        data={"url": "https://hooks.example.org/a", "components": [site.id]},
    )
    assert created.headers["Cache-Control"] == "no-store"
    hook = db.session.scalar(sa.select(Subscriber).filter_by(channel=Channel.WEBHOOK))
    assert hook.secret in created.get_data(as_text=True)
    assert [c.id for c in hook.components] == [site.id]
    listing = admin_client.get(f"/admin/pages/{page.id}/webhooks")
    assert hook.secret not in listing.get_data(as_text=True)

    admin_client.post(
        f"/admin/webhooks/{hook.id}/edit", data={"url": "https://hooks.example.org/b"}
    )
    db.session.expire_all()
    assert hook.address == "https://hooks.example.org/b"
    assert hook.all_components

    old = hook.secret
    rotated = admin_client.post(f"/admin/webhooks/{hook.id}/rotate")
    db.session.expire_all()
    assert hook.secret != old
    assert hook.secret in rotated.get_data(as_text=True)

    hook.disable("10 consecutive failures; last: HTTP 500")
    db.session.commit()
    html = admin_client.get(f"/admin/pages/{page.id}/webhooks").get_data(as_text=True)
    assert "HTTP 500" in html
    admin_client.post(f"/admin/webhooks/{hook.id}/enable")
    db.session.expire_all()
    assert hook.is_active

    assert admin_client.post(f"/admin/webhooks/{hook.id}/delete").status_code == 302
    assert db.session.get(Subscriber, hook.id) is None

    actions = [e.action for e in _audit(db, "create") + _audit(db, "update")]
    actions += [e.action for e in _audit(db, "rotate") + _audit(db, "enable")]
    actions += [e.action for e in _audit(db, "delete")]
    assert actions == ["create", "update", "rotate", "enable", "delete"]
    for entry in db.session.scalars(sa.select(AuditEntry)):
        assert old not in str(entry.before) + str(entry.after) + entry.summary


def test_webhook_form_refuses_bad_urls(admin_client, db, make_page):
    page = make_page()
    response = admin_client.post(
        f"/admin/pages/{page.id}/webhooks/new", data={"url": "javascript:alert(1)"}
    )
    assert "Enter a full http:// or https:// address." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count(Subscriber.id))) == 0


def test_email_subscribers_are_not_webhooks(admin_client, make_page, make_subscriber):
    page = make_page()
    reader = make_subscriber(page)
    assert admin_client.get(f"/admin/webhooks/{reader.id}/edit").status_code == 404


def test_delivery_progress_shows_counts_and_failures(
    staff_client, db, make_page, make_subscriber, smtp
):
    page = make_page()
    make_subscriber(page, "ok@example.org")
    make_subscriber(page, "bad@example.org")
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    update = incident.updates[0]
    failed = db.session.scalar(
        sa.select(Delivery)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Subscriber.address == "bad@example.org")
    )
    failed.status, failed.last_error = DeliveryStatus.FAILED, "SMTP 550 no such user"
    db.session.commit()
    detail = staff_client.get(f"/admin/incidents/{incident.id}")
    assert f"/admin/updates/{update.id}/deliveries" in detail.get_data(as_text=True)
    html = staff_client.get(f"/admin/updates/{update.id}/deliveries").get_data(
        as_text=True
    )
    assert "<dt>Sent</dt><dd>1</dd>" in html
    assert "<dt>Failed</dt><dd>1</dd>" in html
    assert "bad@example.org" in html
    assert "SMTP 550 no such user" in html


def test_delivery_progress_partial(app, db, make_page, make_subscriber, smtp):
    from flask import render_template

    from app.notifications.subscribers import delivery_progress

    page = make_page()
    make_subscriber(page)
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    with app.test_request_context():
        html = render_template(
            "admin/subscribers/_delivery_progress.html",
            progress=delivery_progress(incident.updates[0]),
        )
    assert "1 of 1 sent" in html
