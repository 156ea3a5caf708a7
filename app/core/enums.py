"""Every vocabulary of Beacon: status pages, incidents, the record, accounts.

The models store these; their display words live in ``app.core.labels``.
"""

from collections.abc import Iterable
from enum import StrEnum


class ComponentStatus(StrEnum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"


# Worst first: how a component's status ranks when several compete.
COMPONENT_SEVERITY = [
    ComponentStatus.MAJOR_OUTAGE,
    ComponentStatus.PARTIAL_OUTAGE,
    ComponentStatus.DEGRADED_PERFORMANCE,
    ComponentStatus.UNDER_MAINTENANCE,
    ComponentStatus.OPERATIONAL,
]


def worst_component_status(statuses: Iterable[ComponentStatus]) -> ComponentStatus:
    """The most severe of ``statuses``; operational when there are none."""
    ranked = sorted(statuses, key=COMPONENT_SEVERITY.index)
    return ranked[0] if ranked else ComponentStatus.OPERATIONAL


class IncidentStatus(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


# Listed rather than "!= resolved", so queries can use the (page, status) index.
UNRESOLVED = (IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED,
              IncidentStatus.MONITORING)  # fmt: skip


class Severity(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class Impact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class DetectionSource(StrEnum):
    MONITORING = "monitoring"
    CLIENT_REPORTED = "client_reported"
    STAFF_IDENTIFIED = "staff_identified"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class CoverageTier(StrEnum):
    MICRO = "micro"
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class ContactChannel(StrEnum):
    """How to reach a client in an emergency; the procedure tries them in this order."""

    PHONE = "phone"
    TEXT = "text"
    SLACK = "slack"
    EMAIL = "email"


class MaintenanceStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class IntegrationKind(StrEnum):
    ALERTMANAGER = "alertmanager"
    UPTIME = "uptime"


class TokenScope(StrEnum):
    READ = "read"
    WRITE = "write"


class ReviewRequirement(StrEnum):
    MANDATORY = "mandatory"
    REQUIRED = "required"
    BRIEF_SUMMARY = "brief_summary"
    NONE = "none"


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class AlertAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class AlertChannel(StrEnum):
    """In the order the emergency procedure tries them."""

    PHONE = "phone"
    TEXT = "text"
    SLACK = "slack"
    EMAIL = "email"
    OTHER = "other"


class TemplateKind(StrEnum):
    INITIAL_ALERT = "initial_alert"
    NO_PROGRESS_UPDATE = "no_progress_update"
    FIX_FOUND = "fix_found"
    RESOLUTION = "resolution"
    POST_INCIDENT_SUMMARY = "post_incident_summary"
    OTHER = "other"


class TimeCategory(StrEnum):
    EMERGENCY_RESPONSE = "emergency_response"
    INVESTIGATION = "investigation"
    FIX = "fix"
    COMMUNICATION = "communication"
    REVIEW = "review"
    OTHER = "other"


class ActionItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    WONT_DO = "wont_do"
