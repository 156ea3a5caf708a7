"""Every display word for Beacon's vocabularies: one home for each label.

Forms, templates, reports and emails all read them from here. Two styles exist
on purpose and are named apart: ``*_LABELS`` stand alone (a select option, a
table cell: "Answered", "Phone"); ``*_PHRASES`` sit inside a sentence of the
client report ("alerted by text message", "answered: not recorded").
"""

from flask_babel import lazy_gettext as _l

from app.core.enums import (
    ActionItemStatus,
    AlertAnswer,
    AlertChannel,
    ComponentStatus,
    ContactChannel,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    IntegrationKind,
    MaintenanceStatus,
    ReviewRequirement,
    TemplateKind,
    TimeCategory,
)

STATUS_LABELS = {
    ComponentStatus.OPERATIONAL: _l("Operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: _l("Degraded Performance"),
    ComponentStatus.PARTIAL_OUTAGE: _l("Partial Outage"),
    ComponentStatus.MAJOR_OUTAGE: _l("Major Outage"),
    ComponentStatus.UNDER_MAINTENANCE: _l("Under Maintenance"),
    IncidentStatus.INVESTIGATING: _l("Investigating"),
    IncidentStatus.IDENTIFIED: _l("Identified"),
    IncidentStatus.MONITORING: _l("Monitoring"),
    IncidentStatus.RESOLVED: _l("Resolved"),
    MaintenanceStatus.SCHEDULED: _l("Scheduled"),
    MaintenanceStatus.IN_PROGRESS: _l("In progress"),
    MaintenanceStatus.VERIFYING: _l("Verifying"),
    MaintenanceStatus.COMPLETED: _l("Completed"),
    MaintenanceStatus.CANCELLED: _l("Cancelled"),
}


def status_label(status: ComponentStatus | IncidentStatus | MaintenanceStatus) -> str:
    """The display word of a component, incident or maintenance status."""
    return str(STATUS_LABELS.get(status, str(status).replace("_", " ").title()))


# A glyph beside every status so it never relies on colour alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.DEGRADED_PERFORMANCE: "▲",
    ComponentStatus.PARTIAL_OUTAGE: "◆",
    ComponentStatus.MAJOR_OUTAGE: "✕",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
}

IMPACT_LABELS = {
    Impact.NONE: _l("No impact"),
    Impact.MINOR: _l("Minor"),
    Impact.MAJOR: _l("Major"),
    Impact.CRITICAL: _l("Critical"),
}

DETECTION_LABELS = {
    DetectionSource.MONITORING: "Monitoring alert",
    DetectionSource.CLIENT_REPORTED: "Client report",
    DetectionSource.STAFF_IDENTIFIED: "Staff-identified",
}

TIER_LABELS = {
    CoverageTier.MICRO: "Micro (legacy)",
    CoverageTier.BASIC: "Basic",
    CoverageTier.STANDARD: "Standard",
    CoverageTier.ENHANCED: "Enhanced",
}

CONTACT_CHANNEL_LABELS = {
    ContactChannel.PHONE: "Phone",
    ContactChannel.TEXT: "Text",
    ContactChannel.SLACK: "Slack",
    ContactChannel.EMAIL: "Email",
}

ALERT_CHANNEL_NAMES = {
    AlertChannel.PHONE: "phone",
    AlertChannel.TEXT: "text message",
    AlertChannel.SLACK: "Slack",
    AlertChannel.EMAIL: "email",
    AlertChannel.OTHER: "other means",
}
# As people write them: "by phone", "through Slack" ("alerted Ryan by phone").
ALERT_CHANNEL_PHRASES = {
    AlertChannel.PHONE: "by phone",
    AlertChannel.TEXT: "by text message",
    AlertChannel.SLACK: "through Slack",
    AlertChannel.EMAIL: "by email",
    AlertChannel.OTHER: "by other means",
}
ALERT_CHANNEL_LABELS = {
    channel: name[:1].upper() + name[1:]
    for channel, name in ALERT_CHANNEL_NAMES.items()
}

ANSWER_LABELS = {
    AlertAnswer.YES: "Answered",
    AlertAnswer.NO: "No answer",
    AlertAnswer.UNKNOWN: "Not known",
}
ANSWER_PHRASES = {
    AlertAnswer.YES: "yes",
    AlertAnswer.NO: "no",
    AlertAnswer.UNKNOWN: "not recorded",
}

TEMPLATE_KIND_LABELS = {
    TemplateKind.INITIAL_ALERT: "Initial alert",
    TemplateKind.NO_PROGRESS_UPDATE: "Update with no progress",
    TemplateKind.FIX_FOUND: "Found the fix",
    TemplateKind.RESOLUTION: "Resolution",
    TemplateKind.POST_INCIDENT_SUMMARY: "Post-incident summary",
    TemplateKind.OTHER: "Other",
}

INTEGRATION_KIND_LABELS = {
    IntegrationKind.ALERTMANAGER: "Prometheus Alertmanager",
    IntegrationKind.UPTIME: "Uptime monitor webhook",
}

REVIEW_LABELS = {
    ReviewRequirement.MANDATORY: "Post-incident review mandatory",
    ReviewRequirement.REQUIRED: "Post-incident review required",
    ReviewRequirement.BRIEF_SUMMARY: "Brief incident summary after the fix",
    ReviewRequirement.NONE: "No incident review",
}

CATEGORY_LABELS = {
    TimeCategory.EMERGENCY_RESPONSE: "Emergency Response",
    TimeCategory.INVESTIGATION: "Investigation",
    TimeCategory.FIX: "Fix",
    TimeCategory.COMMUNICATION: "Communication",
    TimeCategory.REVIEW: "Review",
    TimeCategory.OTHER: "Other",
}

ACTION_ITEM_STATUS_LABELS = {
    ActionItemStatus.OPEN: "Open",
    ActionItemStatus.DONE: "Done",
    ActionItemStatus.WONT_DO: "Won't do",
}

# The debrief's sections in the order the report template asks for them.
DEBRIEF_HEADINGS = (
    ("what_happened", "What happened"),
    ("investigation", "The investigation"),
    ("resolution", "The resolution"),
    ("prevention", "How we avoid it next time"),
)
