"""Staff accounts (admin-only): list, create, edit role/name/active, reset password."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user, login_user

from app.accounts import users as user_service
from app.accounts.forms.users import PasswordForm, UserCreateForm, UserEditForm
from app.admin import admin_only, bp
from app.admin.helpers import record_updated, saved
from app.core import audit
from app.extensions import db
from app.models import User

EDITABLE_FIELDS = ("name", "role", "active")


@bp.get("/users/")
@admin_only
def user_list():
    users = db.session.scalars(sa.select(User).order_by(User.email)).all()
    return render_template("admin/users/list.html", users=users)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def user_create():
    form = UserCreateForm()
    if form.validate_on_submit():
        user = user_service.create_user(
            form.email.data,
            form.password.data,
            role=form.role.data,
            name=form.name.data or "",
            actor=current_user,
        )
        return saved(f"Account {user.email} created.", "admin.user_list")
    return render_template("admin/users/edit.html", form=form, user=None)


@bp.route("/users/<user_id>/edit", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: str):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(user)
    if form.validate_on_submit():
        record_updated(form, user, EDITABLE_FIELDS)
        return saved(f"Account {user.email} saved.", "admin.user_list")
    return render_template("admin/users/edit.html", form=form, user=user)


@bp.route("/users/<user_id>/password", methods=["GET", "POST"])
@admin_only
def user_password(user_id: str):
    user = db.get_or_404(User, user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        audit.record(current_user, "password_reset", user)
        if user.id == current_user.id:
            login_user(user)  # the new password ends old sessions, but not this one
        return saved(f"Password of {user.email} changed.", "admin.user_list")
    return render_template("admin/users/password.html", form=form, user=user)
