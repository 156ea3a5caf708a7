"""Maintenance windows in the admin REST API: the routes, the objects, their schemas."""
