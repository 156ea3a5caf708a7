"""Request bodies of the admin API, declared once as typed models.

A body is a pydantic model: the same class validates the request (``parse``)
and describes it in the OpenAPI document, so the two cannot disagree. Models
are strict (JSON types only: ``"5"`` is not a number) and closed (unknown
fields are refused by name); ``null`` has no meaning in Beacon's own API and is
refused, while other services' webhooks (``WebhookPayload``) may send it for
what they leave out. Every bad field is reported at once, as a 422 problem.
"""

import json
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, TypeVar

import pydantic
from flask import request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from app.api.v1.objects import drop_null_defaults
from app.api.v1.problems import INVALID_BODY, ApiProblem, field_error, invalid
from app.core.validation import EARLIEST_DAY, LATEST_DAY, WINDOW

B = TypeVar("B", bound=BaseModel)
MAX_TEXT = 10_000
NOT_NULL = "Must not be null: leave the field out for its default."
# The years Beacon accepts, as the document states them: a date-time written in
# 1990 to 2099 (the services check the instant again in UTC).
YEARS = r"^(199\d|20\d\d)-"


class RequestBody(BaseModel):
    """A closed, strict JSON object; a field without a value is left out."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        regex_engine="python-re",
        json_schema_extra=drop_null_defaults,
    )


def _nullable_optionals(schema: dict[str, Any]) -> None:
    drop_null_defaults(schema)
    required = set(schema.get("required", ()))
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        if name not in required:
            properties[name] = {"anyOf": [prop, {"type": "null"}]}


class WebhookPayload(RequestBody):
    """A monitoring service's payload: ``null`` there means "not sent", and the
    document says an optional field may be null."""

    model_config = ConfigDict(json_schema_extra=_nullable_optionals)
    nulls_are_absent: ClassVar[bool] = True


def _without_nulls(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_nulls(item) for item in data]
    return data


def _strip(value: str) -> str:
    return value.strip()


# "Something besides white space", spelled out: what str.strip() removes is not
# quite what a JSON Schema (ECMA) \s matches, and both sides must agree.
_SPACES = "".join(f"\\u{c:04x}" for c in range(0x3001) if chr(c).isspace())
NOT_BLANK = f"[^{_SPACES}]"


def _day_in_window(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PydanticCustomError(
            "date_window", "Must be {window}.", {"window": WINDOW}
        )
    return day


def _instant_in_window(at: datetime) -> datetime:
    _day_in_window(at.date())  # the date as written, as YEARS says
    return at


def text(max_length: int = MAX_TEXT, *, blank: bool = True) -> Any:
    """A string of at most ``max_length`` characters, stripped once accepted;
    with ``blank=False`` it must hold something besides white space."""
    pattern = None if blank else NOT_BLANK
    return Annotated[
        str,
        StringConstraints(max_length=max_length, pattern=pattern),
        AfterValidator(_strip),
    ]


def _whole_number(value: Any) -> Any:
    # JSON Schema calls 5.0 an integer too; a string or a boolean is not one.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Text = text()
RequiredText = text(blank=False)
Title = text(200, blank=False)
Instant = Annotated[
    pydantic.AwareDatetime,
    Field(json_schema_extra={"pattern": YEARS}, examples=["2025-01-31T14:05:00Z"]),
    AfterValidator(_instant_in_window),
]
Day = Annotated[
    date,
    Field(json_schema_extra={"pattern": YEARS}, examples=["2025-01-31"]),
    AfterValidator(_day_in_window),
]


def _detail(error: Any) -> str:
    """One pydantic error in Beacon's words."""
    kind, ctx = error["type"], error.get("ctx", {})
    if error.get("input", ...) is None and kind != "missing":
        return NOT_NULL
    messages = {
        "missing": "This field is required.",
        "extra_forbidden": "Unknown field.",
        "string_pattern_mismatch": "Must not be blank.",
        "string_too_long": f"At most {ctx.get('max_length')} characters.",
        "timezone_aware": "Must be an RFC 3339 time with an offset, "
        "e.g. 2025-01-31T14:05:00Z.",
        "datetime_from_date_parsing": "Must be an RFC 3339 time with an offset, "
        "e.g. 2025-01-31T14:05:00Z.",
        "date_from_datetime_parsing": "Must be a date such as 2025-01-31.",
        "bool_type": "Must be true or false.",
        "int_type": "Must be a whole number.",
    }
    return messages.get(kind, error["msg"].rstrip(".") + ".")


def field_errors(error: pydantic.ValidationError) -> list[dict[str, str]]:
    """The problem's ``errors`` for a failed validation, one per bad field."""
    return [
        field_error(".".join(str(part) for part in e["loc"]), _detail(e))
        for e in error.errors(include_url=False)
    ]


def json_object() -> dict[str, Any]:
    """The request's JSON object, or a 415/400/422 problem."""
    if not request.is_json:
        raise ApiProblem(
            415, "Unsupported Media Type", "Send JSON: Content-Type: application/json."
        )
    data = request.get_json(silent=True)
    if data is None:
        raise ApiProblem(400, "Bad Request", "The body is not valid JSON.")
    if not isinstance(data, dict):
        raise invalid([field_error("", "The body must be a JSON object.")])
    return data


def validate(model: type[B], data: dict[str, Any]) -> B:
    """``data`` (parsed JSON) as ``model``, or the 422 naming every bad field."""
    if getattr(model, "nulls_are_absent", False):
        data = _without_nulls(data)
    try:
        # Validated as JSON text, so strict mode takes JSON's types: a time or
        # an enum value arrives as a string.
        return model.model_validate_json(json.dumps(data))
    except pydantic.ValidationError as error:
        raise invalid(field_errors(error), type=INVALID_BODY) from None


def parse(model: type[B], *, body_optional: bool = False) -> B:
    """The request body as ``model``; an empty body is ``{}`` if optional."""
    if body_optional and not request.content_length:
        return validate(model, {})
    return validate(model, json_object())
