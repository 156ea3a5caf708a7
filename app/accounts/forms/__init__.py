"""Forms for staff accounts and API tokens."""
