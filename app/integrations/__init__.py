"""Monitoring integrations: alerts in, incidents opened, updated and calmed."""
