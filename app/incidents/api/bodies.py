"""The admin API's incident request bodies: declare, update, resolve, and the
internal record. Each model validates its body and is its OpenAPI schema."""

from pydantic import Field, StrictBool

from app.api.v1.bodies import (
    Day,
    Instant,
    RequestBody,
    RequiredText,
    Text,
    Title,
    WholeNumber,
    text,
)
from app.incidents.hours_rules import MAX_ENTRY_MINUTES
from app.models import (
    ComponentStatus,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
    TimeCategory,
    Visibility,
)

RESOLVED_BODY = "This incident has been resolved."
ComponentStatuses = dict[str, ComponentStatus]
COMPONENTS = Field(
    default_factory=dict,
    description="Component id (or exact name) -> its new status.",
    examples=[{"k8w3x1v9q2mz": "major_outage"}],
)


class IncidentCreate(RequestBody):
    title: Title
    message: RequiredText = Field(description="The first update.")
    status: IncidentStatus = IncidentStatus.INVESTIGATING
    severity: Severity = Severity.P2
    impact: Impact = Impact.MINOR
    detection_source: DetectionSource = DetectionSource.STAFF_IDENTIFIED
    started_at: Instant = None
    detected_at: Instant = None
    public: StrictBool = True
    components: ComponentStatuses = COMPONENTS


class IncidentUpdateCreate(RequestBody):
    status: IncidentStatus
    message: RequiredText
    visibility: Visibility = Visibility.PUBLIC
    reopen: StrictBool = Field(
        default=False, description="Required to move a resolved incident."
    )
    components: ComponentStatuses = COMPONENTS


class IncidentResolve(RequestBody):
    message: Text = RESOLVED_BODY
    visibility: Visibility = Visibility.PUBLIC
    components: ComponentStatuses = COMPONENTS


class NoteCreate(RequestBody):
    body: RequiredText
    created_at: Instant = None


class ClientActionCreate(RequestBody):
    description: RequiredText
    occurred_at: Instant = None


class TimeEntryCreate(RequestBody):
    minutes: WholeNumber = Field(ge=1, le=MAX_ENTRY_MINUTES)
    work_date: Day
    category: TimeCategory
    user_id: text(16) = None
    person_name: text(120) = Field(
        default=None, description="Someone without an account; default: you."
    )
    note: Text = ""
