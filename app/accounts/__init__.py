"""Staff accounts, personal API tokens and the audit log viewer."""
