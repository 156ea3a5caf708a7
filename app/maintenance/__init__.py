"""Scheduled maintenance: rules, scheduling and edits, the tick, the calendar."""
