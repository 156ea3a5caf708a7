"""Every model, re-exported so Alembic and `flask shell` see all tables."""

from app.core.enums import (
    Channel,
    ComponentStatus,
    ContactChannel,
    CoverageTier,
    DeliveryStatus,
    DetectionSource,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
    Role,
    Severity,
    Visibility,
)
from app.models.action_item import ActionItem, ActionItemStatus
from app.models.alert_log import AlertAnswer, AlertChannel, AlertLogEntry
from app.models.announcement import Announcement
from app.models.api_token import ApiToken, TokenScope
from app.models.audit import AuditEntry
from app.models.base import Base, new_id, utcnow
from app.models.client_action import ClientAction
from app.models.communication_template import CommunicationTemplate, TemplateKind
from app.models.component import (
    Component,
    ComponentGroup,
    ComponentStatusChange,
    ComponentUptimeDay,
)
from app.models.contact import EmergencyContact, EscalationContact
from app.models.delivery import Delivery
from app.models.idempotency import IdempotencyRecord
from app.models.incident import Incident, IncidentComponent, IncidentUpdate
from app.models.incident_note import IncidentNote
from app.models.incident_record import IncidentRecord
from app.models.integration import Integration, IntegrationAlert, IntegrationKind
from app.models.maintenance import (
    Maintenance,
    MaintenanceComponent,
    MaintenanceUpdate,
)
from app.models.page import Page
from app.models.page_domain import PageDomain
from app.models.page_logo import PageLogo
from app.models.review import PostIncidentReview, ReviewStatus
from app.models.severity_policy import ReviewRequirement, SeverityPolicy
from app.models.subscriber import Subscriber, subscriber_components
from app.models.time_entry import TimeCategory, TimeEntry
from app.models.user import User

__all__ = [
    "ActionItem",
    "ActionItemStatus",
    "AlertAnswer",
    "AlertChannel",
    "AlertLogEntry",
    "Announcement",
    "ApiToken",
    "AuditEntry",
    "Base",
    "Channel",
    "ClientAction",
    "CommunicationTemplate",
    "Component",
    "ComponentGroup",
    "ComponentStatus",
    "ComponentUptimeDay",
    "ComponentStatusChange",
    "ContactChannel",
    "CoverageTier",
    "Delivery",
    "DeliveryStatus",
    "DetectionSource",
    "EmergencyContact",
    "EscalationContact",
    "IdempotencyRecord",
    "Impact",
    "Incident",
    "IncidentComponent",
    "IncidentNote",
    "IncidentRecord",
    "IncidentStatus",
    "IncidentUpdate",
    "Integration",
    "IntegrationAlert",
    "IntegrationKind",
    "Maintenance",
    "MaintenanceComponent",
    "MaintenanceStatus",
    "MaintenanceUpdate",
    "Page",
    "PageDomain",
    "PageLogo",
    "PostIncidentReview",
    "ReviewRequirement",
    "ReviewStatus",
    "Role",
    "Severity",
    "SeverityPolicy",
    "TemplateKind",
    "TimeCategory",
    "TimeEntry",
    "Subscriber",
    "TokenScope",
    "User",
    "Visibility",
    "new_id",
    "subscriber_components",
    "utcnow",
]
