"""Incidents: lifecycle rules, declare and update, the console, the internal record."""
