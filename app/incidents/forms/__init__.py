"""The incident console's forms: declare, update, record, contacts, settings."""
