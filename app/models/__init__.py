"""Every model, re-exported so Alembic and `flask shell` see all tables."""

from app.models.base import Base, new_id, utcnow
from app.models.component import Component, ComponentGroup, ComponentStatusChange
from app.models.enums import (
    ComponentStatus,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    Role,
    Severity,
    Visibility,
)
from app.models.incident import Incident, IncidentComponent, IncidentUpdate
from app.models.page import Page
from app.models.page_domain import PageDomain
from app.models.user import User

__all__ = [
    "Base",
    "Component",
    "ComponentGroup",
    "ComponentStatus",
    "ComponentStatusChange",
    "CoverageTier",
    "DetectionSource",
    "Impact",
    "Incident",
    "IncidentComponent",
    "IncidentStatus",
    "IncidentUpdate",
    "Page",
    "PageDomain",
    "Role",
    "Severity",
    "User",
    "Visibility",
    "new_id",
    "utcnow",
]
