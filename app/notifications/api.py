"""Statuspage-compatible subscriptions: ``POST /<slug>/api/v2/subscribers.json`` and
``DELETE /<slug>/api/v2/subscribers/<id>.json``.

Fields come as Statuspage's clients send them: a form (``subscriber[email]``,
``subscriber[endpoint]``, ``subscriber[component_ids][]``, ``subscriber[incident]``)
or JSON (``{"subscriber": {...}}`` or the same object unwrapped). A POST does
what the web form does: double opt-in, the same answer for new and known
addresses, the same rate limits. A DELETE needs a token from the subscriber's
emails (or webhook payloads), so nobody can unsubscribe anyone else.
"""

import re
from typing import Any

from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from app.api import bp
from app.api.v1.problems import ApiProblem, field_error, handle, invalid
from app.extensions import csrf, db, limiter
from app.models import Component, Incident, Page, Subscriber
from app.notifications import subscriptions
from app.notifications.subscribers import InvalidWebhook, check_url
from app.public.resolve import current_page
from app.statuspage import documents

_FORM_KEY = re.compile(r"^(?:subscriber\[)?([a-z_]+)\]?(?:\[\])?$")
_LIST_FIELDS = {"component_ids"}
# Statuspage's subscriber fields (those Beacon does not use are accepted and
# ignored, so its clients work unchanged); anything else is refused by name.
KNOWN_FIELDS = frozenset({
    "email", "endpoint", "component_ids", "incident", "phone_number",
    "phone_country", "skip_confirmation_notification", "page_access_user",
})  # fmt: skip
_ALIASES = {"component_id": "component_ids", "incident_id": "incident"}

bp.register_error_handler(ApiProblem, handle)


def subscriber_fields() -> dict[str, Any]:
    """The subscriber's fields from a JSON or form body, names without brackets."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise invalid([field_error("subscriber", "Send a JSON object.")])
        inner = body.get("subscriber", body)
        if not isinstance(inner, dict):
            raise invalid([field_error("subscriber", "Send a JSON object.")])
        fields = dict(inner)
    else:
        fields = {}
        for key in request.form:
            match = _FORM_KEY.match(key)
            if match:
                values = request.form.getlist(key)
                fields[match.group(1)] = values if key.endswith("[]") else values[-1]
    for alias, name in _ALIASES.items():
        if alias in fields:
            fields.setdefault(name, fields.pop(alias))
    return fields


def _address_key() -> str:
    try:
        raw = str(subscriber_fields().get("email") or "")
    except ApiProblem:
        raw = ""
    try:
        return "subscribe:" + subscriptions.normalise_email(raw)
    except subscriptions.InvalidEmail:
        return "subscribe:" + raw.strip().lower()[:254]


class SubscriptionRequest:
    """A validated subscription request: who, where, and what they follow."""

    def __init__(self, page: Page, fields: dict[str, Any]) -> None:
        self.page, self.fields = page, fields
        self.errors: list[dict[str, str]] = []
        self.email = self._email()
        self.endpoint = self._endpoint()
        self.components = self._components()
        self.incident = self._incident()
        if self.components and self.incident:
            self._fail("incident", "Follow some components or one incident, not both.")
        if fields.get("phone_number"):
            self._fail("phone_number", "SMS subscriptions are not offered.")
        for name in sorted(set(fields) - KNOWN_FIELDS):
            self._fail(name, "Unknown field.")
        if self.errors:
            raise invalid(self.errors)

    def _fail(self, name: str, detail: str) -> None:
        self.errors.append(field_error(name, detail))

    def _email(self) -> str:
        raw = self.fields.get("email")
        if not isinstance(raw, str) or not raw.strip():
            self._fail("email", "An email address is required (for webhooks too).")
            return ""
        try:
            return subscriptions.normalise_email(raw[:320])
        except subscriptions.InvalidEmail as error:
            self._fail("email", str(error))
            return ""

    def _endpoint(self) -> str | None:
        raw = self.fields.get("endpoint")
        if raw in (None, ""):
            return None
        try:
            url = check_url(str(raw)[:1000])
        except InvalidWebhook as error:
            self._fail("endpoint", str(error))
            return None
        return url

    def _components(self) -> list[Component]:
        raw = self.fields.get("component_ids") or []
        ids = [str(i) for i in (raw if isinstance(raw, list) else [raw]) if i]
        found = subscriptions.page_components(self.page, ids) if ids else []
        unknown = sorted(set(ids) - {c.id for c in found})
        if unknown:
            self._fail("component_ids", f"No such component: {', '.join(unknown)}.")
        return found

    def _incident(self) -> Incident | None:
        incident_id = self.fields.get("incident")
        if not incident_id:
            return None
        incident = db.session.get(Incident, str(incident_id))
        # Internal incidents answer like unknown ones: nothing to discover here.
        if (
            incident is None
            or incident.page_id != self.page.id
            or not incident.is_public
            or incident.is_resolved
        ):
            self._fail("incident", "No unresolved incident with this id on this page.")
            return None
        return incident

    def subscribe(self) -> Subscriber:
        """Start the subscription the request asks for (flushes, no commit)."""
        if self.endpoint:
            return subscriptions.request_webhook(
                self.page, self.endpoint, self.email, self.components, self.incident
            )
        return subscriptions.request_subscription(
            self.page, self.email, self.components, self.incident
        )

    def answer(self, subscriber: Subscriber) -> dict[str, Any]:
        """The response: the request echoed, never what was stored before."""
        return documents.page_document(self.page) | {
            "subscriber": {
                "id": subscriber.id,
                "mode": "webhook" if self.endpoint else "email_sms",
                "email": self.email,
                "endpoint": self.endpoint,
                "component_ids": [c.id for c in self.components],
                "incident_id": self.incident.id if self.incident else None,
                "confirmation": "pending",
            }
        }


@bp.post("/<slug>/api/v2/subscribers.json")
@csrf.exempt  # an API: no cookie is read, and the subscriber must confirm anyway
@limiter.limit(lambda: current_app.config["SUBSCRIBE_LIMIT_PER_IP"])
@limiter.limit(
    lambda: current_app.config["SUBSCRIBE_LIMIT_PER_ADDRESS"], key_func=_address_key
)
def subscriber_create():
    wanted = SubscriptionRequest(current_page(), subscriber_fields())
    subscriber = wanted.subscribe()
    db.session.commit()
    response = jsonify(wanted.answer(subscriber))
    response.status_code = 201
    return response


def _token() -> str:
    token = request.args.get("token")
    if not token:
        fields = subscriber_fields() if request.content_length else {}
        token = fields.get("token")
    if not isinstance(token, str) or not token:
        raise invalid([field_error("token", _WHERE_TOKENS_ARE)])
    return token


_WHERE_TOKENS_ARE = (
    "Send the token from the unsubscribe or manage link of the subscriber's "
    "emails (or a webhook payload's meta.unsubscribe)."
)


@bp.delete("/<slug>/api/v2/subscribers/<subscriber_id>.json")
@csrf.exempt
@limiter.limit(lambda: current_app.config["SUBSCRIBE_LIMIT_PER_IP"])
def subscriber_delete(subscriber_id: str):
    token = _token()
    subscriber = subscriptions.load_token(
        token, subscriptions.UNSUBSCRIBE
    ) or subscriptions.load_token(token, subscriptions.MANAGE)
    if subscriber is None or (subscriber.id, subscriber.page_id) != (
        subscriber_id,
        current_page().id,
    ):
        # The same answer for an unknown id and a wrong token: nothing to probe.
        raise ApiProblem(404, "Not Found", "No such subscription for this token.")
    subscriptions.unsubscribe(subscriber)
    db.session.commit()
    # Statuspage answers a removal with a bare JSON true.
    return Response("true", mimetype="application/json")
