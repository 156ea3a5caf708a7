"""A page's email subscribers (admin-only): list, remove, CSV export and import.

Staff see the counts on the page's detail view; the addresses themselves are
personal data, so only admins see, export, import or remove them.
"""

from flask import Response, abort, render_template, request, url_for
from flask_login import current_user

from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm
from app.admin.helpers import saved
from app.core import audit
from app.core.paging import page_number
from app.extensions import db
from app.models import Channel, Page, Subscriber
from app.notifications import subscribers
from app.notifications.forms.subscribers import (
    SubscriberFilterForm,
    SubscriberImportForm,
)

PER_PAGE = 50


def subscriber_or_404(page_id: str, subscriber_id: str, channel: Channel) -> Subscriber:
    """The ``channel`` subscriber of page ``page_id``, or 404."""
    subscriber = db.get_or_404(Subscriber, subscriber_id)
    if subscriber.page_id != page_id or subscriber.channel is not channel:
        abort(404)
    return subscriber


@bp.get("/pages/<page_id>/subscribers")
@admin_only
def subscriber_list(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = SubscriberFilterForm(request.args)
    listing = db.paginate(
        subscribers.subscribers_query(page, form.status.data or None),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/subscribers/list.html",
        page=page,
        form=form,
        listing=listing,
        counts=subscribers.subscriber_counts(page),
    )


@bp.route(
    "/pages/<page_id>/subscribers/<subscriber_id>/delete", methods=["GET", "POST"]
)
@admin_only
def subscriber_delete(page_id: str, subscriber_id: str):
    subscriber = subscriber_or_404(page_id, subscriber_id, Channel.EMAIL)
    form = ConfirmForm()
    if form.validate_on_submit():
        before = subscribers.audit_state(subscriber)
        audit.record(
            current_user,
            "delete",
            subscriber,
            before=before,
            summary=f"removed subscriber {subscriber.address}",
        )
        subscribers.remove_subscriber(subscriber)
        return saved("Subscriber removed.", "admin.subscriber_list", page_id=page_id)
    return render_template(
        "admin/confirm.html",
        form=form,
        what=f"The subscriber {subscriber.address}",
        back_to=url_for("admin.subscriber_list", page_id=page_id),
    )


@bp.get("/pages/<page_id>/subscribers.csv")
@admin_only
def subscriber_export(page_id: str):
    page = db.get_or_404(Page, page_id)
    body = subscribers.export_csv(page)
    filename = f"{page.slug}-subscribers.csv"
    # Personal data leaving the system: who took it is worth knowing.
    audit.record(current_user, "export", page, summary="exported the subscriber CSV")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/pages/<page_id>/subscribers/import", methods=["GET", "POST"])
@admin_only
def subscriber_import(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = SubscriberImportForm()
    report = None
    if form.validate_on_submit():
        confirmed = form.mode.data == "confirmed"
        report = subscribers.import_csv(page, form.text, confirmed=confirmed)
        how = "as confirmed" if confirmed else "with confirmation emails"
        summary = (
            f"imported subscribers {how}: {report.added} added, "
            f"{report.updated} updated, {len(report.rejected)} rejected"
        )
        audit.record(current_user, "import", page, summary=summary)
        db.session.commit()
    return render_template(
        "admin/subscribers/import.html", page=page, form=form, report=report
    )
