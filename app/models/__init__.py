"""Every model, re-exported so Alembic and `flask shell` see all tables."""

from app.models.base import Base, new_id, utcnow
from app.models.component import Component, ComponentGroup, ComponentStatusChange
from app.models.delivery import Delivery
from app.models.enums import (
    Channel,
    ComponentStatus,
    CoverageTier,
    DeliveryStatus,
    DetectionSource,
    Impact,
    IncidentStatus,
    Role,
    Severity,
    Visibility,
)
from app.models.incident import Incident, IncidentComponent, IncidentUpdate
from app.models.page import Page
from app.models.subscriber import Subscriber, subscriber_components
from app.models.user import User

__all__ = [
    "Base",
    "Channel",
    "Component",
    "ComponentGroup",
    "ComponentStatus",
    "ComponentStatusChange",
    "CoverageTier",
    "Delivery",
    "DeliveryStatus",
    "DetectionSource",
    "Impact",
    "Incident",
    "IncidentComponent",
    "IncidentStatus",
    "IncidentUpdate",
    "Page",
    "Role",
    "Severity",
    "Subscriber",
    "User",
    "Visibility",
    "new_id",
    "subscriber_components",
    "utcnow",
]
