"""What the admin API answers, declared once as typed models.

Each class is both the shape a view builds (``app.api.v1.serializers``) and
its schema in the OpenAPI document, so every answer matches the document by
construction. Times are RFC 3339 in UTC (``2025-01-31T14:05:00Z``); ids are the
opaque strings the public API uses too.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, create_model
from pydantic.json_schema import WithJsonSchema

from app.models import (
    ComponentStatus,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
    TimeCategory,
    Visibility,
)


def ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


Id = Annotated[str, Field(pattern=r"^[0-9a-z]{12}$", examples=["p31zjtct2jer"])]
Time = Annotated[
    datetime,
    PlainSerializer(ts, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2025-01-31T14:05:00Z"]}
    ),
]
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]


class Object(BaseModel):
    """An answer's object: every field always present (``null`` when empty)."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class Person(Object):
    id: Id
    name: str


class Page(Object):
    id: Id
    slug: str
    name: str
    time_zone: str = Field(examples=["America/New_York"])
    is_public: bool
    coverage_tier: CoverageTier
    sla_minutes: int
    created_at: Time
    updated_at: Time


class Component(Object):
    id: Id
    page_id: Id
    group_id: Id | None
    name: str
    description: str | None
    status: ComponentStatus
    position: int
    url: str | None
    updated_at: Time


class AffectedComponent(Object):
    code: Id
    name: str
    old_status: ComponentStatus
    new_status: ComponentStatus


class IncidentUpdate(Object):
    id: Id
    status: IncidentStatus
    body: str
    visibility: Visibility
    author: Person | None
    created_at: Time
    affected_components: list[AffectedComponent]


class IncidentComponent(Object):
    id: Id
    name: str
    status: ComponentStatus


class Incident(Object):
    id: Id
    page_id: Id
    title: str
    status: IncidentStatus
    severity: Severity
    impact: Impact
    detection_source: DetectionSource
    is_public: bool
    started_at: Time
    detected_at: Time | None
    acknowledged_at: Time | None
    identified_at: Time | None
    monitoring_at: Time | None
    resolved_at: Time | None
    created_at: Time
    updated_at: Time
    components: list[IncidentComponent]
    updates: list[IncidentUpdate] = Field(
        description="Newest first; internal updates included."
    )


class Note(Object):
    id: Id
    incident_id: Id
    body: str
    author: Person | None
    created_at: Time


class ClientAction(Object):
    id: Id
    incident_id: Id
    description: str
    occurred_at: Time
    recorded_by: Person | None
    created_at: Time


class TimeEntry(Object):
    id: Id
    incident_id: Id
    user: Person | None
    person_name: str
    work_date: Day
    minutes: int = Field(ge=1)
    category: TimeCategory
    note: str
    recorded_by: Person | None
    created_at: Time


class AlertOutcome(Object):
    outcome: Literal["opened", "updated", "calmed", "resolved", "noted", "ignored"]
    incident_id: Id | None
    incident_status: IncidentStatus | None
    reason: str | None


class FieldError(Object):
    field: str
    pointer: str
    detail: str


def drop_null_defaults(schema: dict[str, Any]) -> None:
    """Schema hook: an optional field's "default: null" would read as "null is
    allowed", where the field is simply left out."""
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None:
            del prop["default"]


class Problem(BaseModel):
    """RFC 9457 problem details; other members may be added."""

    model_config = ConfigDict(json_schema_extra=drop_null_defaults)
    type: str
    title: str
    status: int
    detail: str = Field(default=None)
    errors: list[FieldError] = Field(default=None)


def listing(item: type[Object]) -> type[Object]:
    """``ItemList``: one page of ``item``s with the counts and the next page's URL."""
    fields: dict[str, Any] = {
        "items": (list[item], ...),  # type: ignore[valid-type]
        "page": (int, Field(ge=1)),
        "per_page": (int, Field(ge=1, le=100)),
        "total": (int, Field(ge=0)),
        "next": (str | None, Field(json_schema_extra={"format": "uri"})),
    }
    return create_model(f"{item.__name__}List", __base__=Object, **fields)


PageList = listing(Page)
ComponentList = listing(Component)
IncidentList = listing(Incident)
NoteList = listing(Note)
ClientActionList = listing(ClientAction)
TimeEntryList = listing(TimeEntry)
