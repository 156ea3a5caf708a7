"""Admin views of staff accounts, API tokens and the audit log."""
