"""How admin API views answer: one object, a page of a list, or a replayed POST."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import Response, g, jsonify, request, url_for

from app.api import idempotency
from app.api.v1.problems import ApiProblem, field_error, invalid
from app.core.paging import MAX_PAGE_NUMBER
from app.extensions import db

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_KEY_LENGTH = 255


def respond(body: Any, status: int = 200, location: str | None = None) -> Response:
    """Commit the request's changes and answer ``body`` as JSON.

    A POST with an Idempotency-Key keeps this answer (in the same commit) so a
    retry gets it back.
    """
    claim = g.pop("idempotency_claim", None)
    if claim is not None:
        idempotency.finish(claim.record, status, body, location)
    db.session.commit()
    return _json(body, status, location)


def _json(body: Any, status: int, location: str | None) -> Response:
    response = jsonify(body)
    response.status_code = status
    if location:
        response.headers["Location"] = location
    return response


def idempotent(view: Callable[..., Response]) -> Callable[..., Response]:
    """Honour ``Idempotency-Key`` on a POST view: replay, refuse reuse, or claim."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view(*args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise invalid(
                [
                    field_error(
                        "Idempotency-Key", f"Send 1 to {MAX_KEY_LENGTH} characters."
                    )
                ]
            )
        claim = idempotency.begin(
            g.api_token.owner, key, f"{request.method} {request.path}", _body_hash()
        )
        if claim.replay:
            record = claim.record
            response = _json(record.body, record.status_code or 200, record.location)
            response.headers["Idempotent-Replayed"] = "true"
            return response
        g.idempotency_claim = claim
        return view(*args, **kwargs)

    return wrapper


def _body_hash() -> str:
    # Parsed and re-serialised, so spacing and key order do not count as a change.
    data = request.get_json(silent=True)
    raw = json.dumps(data, sort_keys=True) if data is not None else request.get_data()
    encoded = raw.encode() if isinstance(raw, str) else raw
    return hashlib.sha256(encoded).hexdigest()


def bad_query(errors: list[dict[str, str]]) -> ApiProblem:
    """The 400 for bad query-string parameters."""
    return ApiProblem(400, "Bad Request", "Bad query parameters.", errors=errors)


def state_arg(allowed: tuple[str, ...]) -> str:
    """The ``state`` filter of a list: one of ``allowed``, the first by default."""
    state = request.args.get("state", allowed[0])
    if state not in allowed:
        raise bad_query([field_error("state", "Must be " + " or ".join(allowed) + ".")])
    return state


def _page_args() -> tuple[int, int]:
    errors = []
    numbers = {}
    for name, default, ceiling in (
        ("page", 1, MAX_PAGE_NUMBER),
        ("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    ):
        given = request.args.get(name)
        value = default if given is None else _whole_number(given)
        if value is None or not 1 <= value <= ceiling:
            detail = f"Must be a whole number from 1 and at most {ceiling}."
            errors.append(field_error(name, detail))
        numbers[name] = value
    if errors:
        raise ApiProblem(
            400, "Bad Request", "Bad pagination parameters.", errors=errors
        )
    return numbers["page"], numbers["per_page"]


def _whole_number(text: str) -> int | None:
    """``text`` as written by a client: digits, perhaps signed; None otherwise."""
    try:
        return int(text) if text.strip() == text else None
    except ValueError:
        return None


def paginate(query: sa.Select, serialize: Callable[[Any], dict]) -> Response:
    """A page of ``query``'s rows: ``items``, counts, ``next`` and a Link header."""
    page, per_page = _page_args()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    last = max(1, -(-(total or 0) // per_page))
    links = {"first": 1, "last": last}
    if page > 1:
        links["prev"] = min(page - 1, last)
    if page < last:
        links["next"] = page + 1
    urls = {rel: _page_url(n, per_page) for rel, n in links.items()}
    body = {
        "items": [serialize(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "next": urls.get("next"),
    }
    response = jsonify(body)
    response.headers["Link"] = ", ".join(f'<{u}>; rel="{r}"' for r, u in urls.items())
    return response


def _page_url(page: int, per_page: int) -> str:
    args = request.args.to_dict() | {"page": page, "per_page": per_page}
    return url_for(
        request.endpoint or "", **(request.view_args or {}), **args, _external=True
    )
