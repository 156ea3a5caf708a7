"""Refusals of the admin API, raised anywhere and answered as RFC 9457 problems."""

from typing import Any

from flask import Response
from werkzeug.exceptions import HTTPException

from app.api.errors import http_problem, problem_response
from app.api.idempotency import KeyReused
from app.core.errors import ValidationError
from app.extensions import db
from app.incidents.lifecycle import InvalidTransition
from app.maintenance.rules import (
    InvalidMaintenanceTransition,
    MaintenanceError,
    OverlapNeedsConfirmation,
    StaleMaintenance,
)

BEARER_REALM = 'Bearer realm="beacon"'
# The problem type of a body the OpenAPI document itself forbids (a missing,
# mistyped or unknown field); a valid body refused by a rule about the data
# (an impossible lifecycle move, no such component) keeps "about:blank".
INVALID_BODY = "/api/docs#invalid-body"


class ApiProblem(Exception):
    """An error answer: HTTP status, a short title, details and extension members."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}
        self.extra = extra

    def response(self) -> Response:
        response = problem_response(self.status, self.title, self.detail, **self.extra)
        response.headers.update(self.headers)
        return response


def field_error(field: str, detail: str) -> dict[str, str]:
    """One entry of a problem's ``errors``: the field, its JSON pointer, the reason."""
    return {"field": field, "pointer": "#/" + field.replace(".", "/"), "detail": detail}


def invalid(errors: list[dict[str, str]], **extra: Any) -> ApiProblem:
    """The 422 for a request body with bad fields."""
    return ApiProblem(
        422,
        "Unprocessable Content",
        "The request has invalid fields; see errors.",
        errors=errors,
        **extra,
    )


def unauthorized(detail: str, *, token_given: bool) -> ApiProblem:
    """401 with the challenge RFC 6750 asks for."""
    challenge = (
        f'{BEARER_REALM}, error="invalid_token"' if token_given else BEARER_REALM
    )
    return ApiProblem(
        401, "Unauthorized", detail, headers={"WWW-Authenticate": challenge}
    )


def forbidden(detail: str) -> ApiProblem:
    return ApiProblem(403, "Forbidden", detail)


def _from_domain(error: Exception) -> ApiProblem:
    if isinstance(error, ValidationError):
        if error.field:
            return invalid([field_error(error.field, error.message)])
        return ApiProblem(422, "Unprocessable Content", error.message)
    if isinstance(error, InvalidTransition | InvalidMaintenanceTransition):
        return invalid([field_error("status", str(error))])
    if isinstance(error, OverlapNeedsConfirmation):
        detail = f"{error} Send confirm_overlap: true to schedule it anyway."
        return ApiProblem(409, "Conflict", detail)
    if isinstance(error, StaleMaintenance):
        return ApiProblem(409, "Conflict", str(error))
    if isinstance(error, KeyReused):
        return invalid([field_error("Idempotency-Key", str(error))])
    return ApiProblem(422, "Unprocessable Content", str(error))


def handle(error: Exception) -> Response:
    """Roll the request's changes back and answer with a problem."""
    db.session.rollback()
    if isinstance(error, HTTPException):
        return http_problem(error)
    problem = error if isinstance(error, ApiProblem) else _from_domain(error)
    return problem.response()


HANDLED = (
    ApiProblem,
    ValidationError,
    InvalidTransition,
    MaintenanceError,
    KeyReused,
)
