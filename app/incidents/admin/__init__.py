"""Admin views of the incident console: incidents, updates, record, settings."""
