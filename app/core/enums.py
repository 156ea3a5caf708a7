"""The vocabularies of status pages and incidents, shared by models and domain."""

from enum import StrEnum


class ComponentStatus(StrEnum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"


class IncidentStatus(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


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
