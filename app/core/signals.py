"""Domain events. Services send them after flushing, inside the caller's transaction,
so listeners (the notification outbox, the audit log) write in the same commit."""

from blinker import Namespace

_signals = Namespace()

# sender: the Incident; kwargs: update=IncidentUpdate
incident_update_posted = _signals.signal("incident-update-posted")

# sender: the Component; kwargs: change=ComponentStatusChange (flushed).
# Component services outside incidents send it; incident updates cover their own.
component_status_changed = _signals.signal("component-status-changed")

# sender: the Maintenance; kwargs: update=MaintenanceUpdate (its first, "scheduled")
maintenance_scheduled = _signals.signal("maintenance-scheduled")
# sender: the Maintenance; kwargs: update=MaintenanceUpdate, automatic=bool.
# Every update after the announcement: starts, completions, cancellations, notes.
maintenance_update_posted = _signals.signal("maintenance-update-posted")
# sender: the Maintenance; sent once, when the page's reminder time is reached
maintenance_reminder_due = _signals.signal("maintenance-reminder-due")

# sender: the Incident; kwargs: review=PostIncidentReview, notify_subscribers=bool.
# Sent when a postmortem goes public (first publication or after an unpublish).
postmortem_published = _signals.signal("postmortem-published")
