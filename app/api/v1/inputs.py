"""Reading JSON request bodies field by field, with one error per bad field.

A small schema layer: ``Body`` hands out typed values and collects errors;
``done()`` raises a 422 problem listing every bad or unknown field at once.
"""

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from flask import request

from app.api.v1.problems import ApiProblem, field_error, invalid
from app.core.errors import ValidationError
from app.core.validation import WINDOW, day_in_window, time_in_window

E = TypeVar("E", bound=StrEnum)
MISSING: Any = object()


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


class Body:
    """Typed access to the fields of a JSON object, collecting errors."""

    def __init__(
        self, data: Mapping[str, Any], prefix: str = "", null_is_absent: bool = False
    ) -> None:
        self.data = data
        self.prefix = prefix
        # Beacon's own API gives null no meaning, so it is refused rather than
        # guessed at; other services' webhooks (null_is_absent) send it freely.
        self.null_is_absent = null_is_absent
        self.errors: list[dict[str, str]] = []
        self.seen: set[str] = set()

    @classmethod
    def from_request(cls, null_is_absent: bool = False) -> "Body":
        return cls(json_object(), null_is_absent=null_is_absent)

    def fail(self, name: str, detail: str) -> None:
        self.errors.append(field_error((self.prefix + name).rstrip("."), detail))

    def raw(self, name: str, required: bool = False) -> Any:
        self.seen.add(name)
        value = self.data.get(name, MISSING)
        if value is None and self.null_is_absent:
            value = MISSING
        if value is MISSING and required:
            self.fail(name, "This field is required.")
        elif value is None:
            self.fail(name, "Must not be null: leave the field out for its default.")
        return None if value is MISSING else value

    def has(self, name: str) -> bool:
        return name in self.data

    def text(
        self, name: str, *, required: bool = False, max_length: int = 10_000
    ) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, "Must be a string.")
            return None
        if required and not value.strip():
            self.fail(name, "Must not be blank.")
        elif len(value) > max_length:
            self.fail(name, f"At most {max_length} characters.")
        return value.strip()

    def choice(self, name: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self.raw(name, required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            self.fail(name, "Must be one of: " + ", ".join(e.value for e in enum) + ".")
            return None

    def boolean(self, name: str) -> bool | None:
        value = self.raw(name)
        if value is not None and not isinstance(value, bool):
            self.fail(name, "Must be true or false.")
            return None
        return value

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.raw(name, required)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int)
        ):
            self.fail(name, "Must be a whole number.")
            return None
        return value

    def instant(self, name: str, *, required: bool = False) -> datetime | None:
        """An RFC 3339 time with its offset, e.g. 2025-01-31T14:05:00Z."""
        value = self.text(name, required=required, max_length=64)
        if not value:
            return None
        parsed = parse_instant(value)
        if parsed is None:
            self.fail(
                name,
                "Must be an RFC 3339 time with an offset, e.g. 2025-01-31T14:05:00Z.",
            )
        return self._in_window(time_in_window, name, parsed)

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, required=required, max_length=10)
        if not value:
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.fail(name, "Must be a date such as 2025-01-31.")
            return None
        return self._in_window(day_in_window, name, day)

    def _in_window(self, check: Any, name: str, value: Any) -> Any:
        if value is None:
            return None
        try:
            return check(value, "value")
        except ValidationError:
            self.fail(name, f"Must be {WINDOW}.")
            return None

    def mapping(self, name: str) -> dict[str, Any] | None:
        value = self.raw(name)
        if value is not None and not isinstance(value, dict):
            self.fail(name, "Must be an object.")
            return None
        return value

    def string_list(self, name: str) -> list[str] | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "Must be a list of strings.")
            return None
        return value

    def done(self) -> None:
        """Raise the 422 problem if any field was bad or unknown."""
        for name in sorted(set(self.data) - self.seen):
            self.fail(name, "Unknown field.")
        if self.errors:
            raise invalid(self.errors)


def parse_instant(value: str) -> datetime | None:
    """An aware datetime from RFC 3339 text; None if unparseable or naive."""
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
