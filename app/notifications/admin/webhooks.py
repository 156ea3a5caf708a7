"""A page's webhooks (admin-only): add, edit, rotate the secret, re-enable, remove.

A secret is shown once, on the response that made it, and never stored in a
cache or the audit log.
"""

from flask import abort, make_response, render_template, url_for
from flask_login import current_user

from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm
from app.admin.helpers import saved
from app.core import audit
from app.extensions import db
from app.models import Channel, Page, Subscriber
from app.notifications import subscribers
from app.notifications.admin.subscribers import subscriber_or_404
from app.notifications.forms.subscribers import webhook_form
from app.notifications.subscriptions import page_components


def _webhook_or_404(webhook_id: str) -> Subscriber:
    webhook = db.get_or_404(Subscriber, webhook_id)
    return subscriber_or_404(webhook.page_id, webhook.id, Channel.WEBHOOK)


def _secret_page(webhook: Subscriber, heading: str):
    body = render_template(
        "admin/subscribers/webhook_secret.html", webhook=webhook, heading=heading
    )
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _record(action: str, webhook: Subscriber, before: dict | None = None) -> None:
    after = subscribers.audit_state(webhook)
    summary = f"{action} webhook {webhook.address}"
    audit.record(
        current_user, action, webhook, before=before, after=after, summary=summary
    )


@bp.get("/pages/<page_id>/webhooks")
@admin_only
def webhook_list(page_id: str):
    page = db.get_or_404(Page, page_id)
    webhooks = subscribers.list_subscribers(page, Channel.WEBHOOK)
    return render_template(
        "admin/subscribers/webhooks.html",
        page=page,
        webhooks=webhooks,
        confirm_form=ConfirmForm(),
    )


@bp.route("/pages/<page_id>/webhooks/new", methods=["GET", "POST"])
@admin_only
def webhook_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = webhook_form(page_components(page))
    if form.validate_on_submit():
        chosen = page_components(page, form.components.data)
        webhook = subscribers.add_webhook(page, form.url.data, components=chosen)
        _record("create", webhook)
        db.session.commit()
        return _secret_page(webhook, "Webhook added")
    return render_template(
        "admin/subscribers/webhook_edit.html", page=page, form=form, webhook=None
    )


@bp.route("/webhooks/<webhook_id>/edit", methods=["GET", "POST"])
@admin_only
def webhook_edit(webhook_id: str):
    webhook = _webhook_or_404(webhook_id)
    page = webhook.page
    current = {"url": webhook.address, "components": [c.id for c in webhook.components]}
    form = webhook_form(page_components(page), **current)
    if form.validate_on_submit():
        before = subscribers.audit_state(webhook)
        chosen = page_components(page, form.components.data)
        subscribers.update_webhook(webhook, url=form.url.data, components=chosen)
        _record("update", webhook, before)
        return saved("Webhook saved.", "admin.webhook_list", page_id=page.id)
    return render_template(
        "admin/subscribers/webhook_edit.html", page=page, form=form, webhook=webhook
    )


@bp.post("/webhooks/<webhook_id>/rotate")
@admin_only
def webhook_rotate(webhook_id: str):
    webhook = _webhook_or_404(webhook_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    subscribers.update_webhook(webhook, rotate_secret=True)
    audit.record(
        current_user, "rotate", webhook, summary=f"new secret for {webhook.address}"
    )
    db.session.commit()
    return _secret_page(webhook, "New secret")


@bp.post("/webhooks/<webhook_id>/enable")
@admin_only
def webhook_enable(webhook_id: str):
    webhook = _webhook_or_404(webhook_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    before = subscribers.audit_state(webhook)
    subscribers.enable_webhook(webhook)
    _record("enable", webhook, before)
    return saved("Webhook enabled.", "admin.webhook_list", page_id=webhook.page_id)


@bp.route("/webhooks/<webhook_id>/delete", methods=["GET", "POST"])
@admin_only
def webhook_delete(webhook_id: str):
    webhook = _webhook_or_404(webhook_id)
    page_id, form = webhook.page_id, ConfirmForm()
    if form.validate_on_submit():
        audit.record(
            current_user,
            "delete",
            webhook,
            before=subscribers.audit_state(webhook),
            summary=f"removed webhook {webhook.address}",
        )
        subscribers.remove_subscriber(webhook)
        return saved("Webhook removed.", "admin.webhook_list", page_id=page_id)
    return render_template(
        "admin/confirm.html",
        form=form,
        what=f"The webhook {webhook.address}",
        back_to=url_for("admin.webhook_list", page_id=page_id),
    )
