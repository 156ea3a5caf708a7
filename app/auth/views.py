"""Sign-in and sign-out; failed attempts are throttled per account and address,
per address, and (more slowly) per account."""

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from app.accounts.users import authenticate, normalise_email
from app.auth import bp
from app.auth.forms import LoginForm
from app.auth.session import safe_next
from app.extensions import db, limiter

BAD_CREDENTIALS = "Invalid email or password."
THROTTLED = "Too many sign-in attempts. Please wait a few minutes and try again."


def _failed(response: Response) -> bool:
    # Only failed attempts count: a successful sign-in redirects.
    return response.status_code != 302


def _account() -> str:
    return normalise_email(request.form.get("email", ""))


def _account_and_address_key() -> str:
    return f"login-account:{_account()}:{request.remote_addr or ''}"


def _account_key() -> str:
    return f"login-account-all:{_account()}"


@bp.route("/admin/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
    methods=["POST"],
    deduct_when=_failed,
    error_message=THROTTLED,
)
@limiter.limit(  # a stranger's guesses slow the stranger, not the owner ...
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_and_address_key,
    methods=["POST"],
    deduct_when=_failed,
    error_message=THROTTLED,
)
@limiter.limit(  # ... up to a ceiling for the account, from anywhere
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_CEILING"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    error_message=THROTTLED,
)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session: nothing planted before sign-in survives
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append(BAD_CREDENTIALS)
    return render_template("auth/login.html", form=form)


@bp.post("/admin/logout")
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()  # a copy of this cookie must not live on
        db.session.commit()
    logout_user()
    session.clear()
    flash("You have been signed out.", "info")
    return redirect(url_for("auth.login"))
