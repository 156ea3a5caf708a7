"""Every model, re-exported so Alembic and `flask shell` see all tables."""

from app.models.audit import AuditEntry
from app.models.base import Base, new_id, utcnow
from app.models.component import Component, ComponentGroup, ComponentStatusChange
from app.models.contact import EmergencyContact, EscalationContact
from app.models.enums import (
    ComponentStatus,
    ContactChannel,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
    Role,
    Severity,
    Visibility,
)
from app.models.incident import Incident, IncidentComponent, IncidentUpdate
from app.models.maintenance import (
    Maintenance,
    MaintenanceComponent,
    MaintenanceUpdate,
)
from app.models.page import Page
from app.models.page_domain import PageDomain
from app.models.user import User

__all__ = [
    "AuditEntry",
    "Base",
    "Component",
    "ComponentGroup",
    "ComponentStatus",
    "ComponentStatusChange",
    "ContactChannel",
    "CoverageTier",
    "DetectionSource",
    "EmergencyContact",
    "EscalationContact",
    "Impact",
    "Incident",
    "IncidentComponent",
    "IncidentStatus",
    "IncidentUpdate",
    "Maintenance",
    "MaintenanceComponent",
    "MaintenanceStatus",
    "MaintenanceUpdate",
    "Page",
    "PageDomain",
    "Role",
    "Severity",
    "User",
    "Visibility",
    "new_id",
    "utcnow",
]
