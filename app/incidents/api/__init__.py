"""Incidents in the admin REST API: incidents and their internal record."""
