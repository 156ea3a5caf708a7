"""Domain events. Services send them after flushing, inside the caller's transaction,
so listeners (the notification outbox, the audit log) write in the same commit."""

from blinker import Namespace

_signals = Namespace()

# sender: the Incident; kwargs: update=IncidentUpdate
incident_update_posted = _signals.signal("incident-update-posted")
