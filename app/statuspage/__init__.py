"""The one Statuspage v2 shape, used by the public API, webhooks and feeds."""
