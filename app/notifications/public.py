"""Subscribe, confirm, manage and unsubscribe: no sign-in, links carry tokens."""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.extensions import csrf, db, limiter
from app.models import Subscriber
from app.notifications import subscriptions
from app.notifications.forms.public import ComponentsForm, SubscribeForm
from app.public import bp
from app.public.resolve import current_page


def _address_key() -> str:
    raw = request.form.get("email", "")
    try:
        return "subscribe:" + subscriptions.normalise_email(raw)
    except subscriptions.InvalidEmail:
        return "subscribe:" + raw.strip().lower()[:254]


def _component_choices() -> list[tuple[str, str]]:
    return [(c.id, c.name) for c in subscriptions.page_components(current_page())]


def _subscriber_or_404(token: str, purpose: str) -> Subscriber:
    subscriber = subscriptions.load_token(token, purpose)
    if subscriber is None or subscriber.page_id != current_page().id:
        body = render_template("public/subscriptions/invalid.html", page=current_page())
        abort(make_response(body, 404))
    return subscriber


@bp.route("/<slug>/subscribe", methods=("GET", "POST"))
@limiter.limit(lambda: current_app.config["SUBSCRIBE_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["SUBSCRIBE_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    key_func=_address_key,
)
def subscription_create():
    page = current_page()
    form = SubscribeForm(data={"email": request.args.get("email", "")[:254]})
    form.components.choices = _component_choices()
    if form.validate_on_submit():
        chosen = subscriptions.page_components(page, form.components.data)
        subscriptions.request_subscription(page, form.email.data, chosen)
        db.session.commit()
        return redirect(url_for("public.subscription_sent"))
    return render_template("public/subscriptions/new.html", page=page, form=form)


@bp.get("/<slug>/subscribe/sent")
def subscription_sent():
    return render_template("public/subscriptions/sent.html", page=current_page())


@bp.route("/<slug>/subscriptions/confirm/<token>", methods=("GET", "POST"))
def subscription_confirm(token: str):
    # A POST, not the GET itself: mail scanners follow links but submit no forms.
    subscriber = _subscriber_or_404(token, subscriptions.CONFIRM)
    form = FlaskForm()
    if form.validate_on_submit():
        secret = subscriptions.confirm(subscriber)
        db.session.commit()
        if secret:  # a webhook: its signing secret, on this response only
            return _webhook_confirmed(subscriber, secret)
        flash(_("Your subscription is confirmed."), "success")
        token = subscriptions.make_token(subscriber, subscriptions.MANAGE)
        return redirect(url_for("public.subscription_manage", token=token))
    return render_template(
        "public/subscriptions/confirm.html", page=current_page(), form=form
    )


def _webhook_confirmed(webhook: Subscriber, secret: str) -> Response:
    body = render_template(
        "public/subscriptions/webhook_confirmed.html",
        page=current_page(),
        webhook=webhook,
        secret=secret,
        manage_token=subscriptions.make_token(webhook, subscriptions.MANAGE),
    )
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<slug>/subscriptions/manage/<token>", methods=("GET", "POST"))
def subscription_manage(token: str):
    subscriber = _subscriber_or_404(token, subscriptions.MANAGE)
    form = ComponentsForm(data={"components": [c.id for c in subscriber.components]})
    form.components.choices = _component_choices()
    if form.validate_on_submit():
        chosen = subscriptions.page_components(current_page(), form.components.data)
        subscriptions.change_components(subscriber, chosen)
        db.session.commit()
        flash(_("Your preferences are saved."), "success")
        return redirect(url_for("public.subscription_manage", token=token))
    unsubscribe = subscriptions.make_token(subscriber, subscriptions.UNSUBSCRIBE)
    return render_template(
        "public/subscriptions/manage.html",
        page=current_page(),
        form=form,
        subscriber=subscriber,
        unsubscribe_token=unsubscribe,
    )


@bp.route("/<slug>/subscriptions/unsubscribe/<token>", methods=("GET", "POST"))
# RFC 8058 one-click: mail providers POST with no session; the token is the proof.
@csrf.exempt
def subscription_unsubscribe(token: str):
    subscriber = _subscriber_or_404(token, subscriptions.UNSUBSCRIBE)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        db.session.commit()
        return render_template(
            "public/subscriptions/unsubscribed.html", page=current_page()
        )
    return render_template(
        "public/subscriptions/unsubscribe.html", page=current_page(), token=token
    )
