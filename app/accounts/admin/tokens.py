"""Personal API tokens: each staff member manages their own; admins see all."""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from app.accounts import api_tokens
from app.accounts.forms.tokens import TokenForm
from app.admin import bp
from app.admin.forms.common import ConfirmForm
from app.extensions import db
from app.models import ApiToken, Page
from app.models.base import utcnow


@bp.get("/tokens/")
def token_list():
    tokens = api_tokens.tokens_for(current_user, everyone=current_user.is_admin)
    return render_template(
        "admin/tokens/list.html", tokens=tokens, form=ConfirmForm(), now=utcnow()
    )


@bp.route("/tokens/new", methods=["GET", "POST"])
def token_create():
    form = TokenForm()
    if not form.validate_on_submit():
        return render_template("admin/tokens/edit.html", form=form)
    pages = db.session.scalars(sa.select(Page).where(Page.id.in_(form.page_ids.data)))
    days = form.expires_in.data
    token, secret = api_tokens.create_token(
        current_user,
        form.name.data,
        form.scope.data,
        pages=list(pages),
        expires_at=utcnow() + timedelta(days=int(days)) if days else None,
    )
    db.session.commit()
    # Shown on this response only: no redirect, and never stored in a cache.
    page = render_template("admin/tokens/created.html", token=token, secret=secret)
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<token_id>/revoke")
def token_revoke(token_id: str):
    token = db.get_or_404(ApiToken, token_id)
    if token.owner_id != current_user.id and not current_user.is_admin:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if api_tokens.revoke_token(token, current_user):
        db.session.commit()
        flash(f"Token “{token.name}” revoked.", "success")
    return redirect(url_for("admin.token_list"))
