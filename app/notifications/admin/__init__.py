"""Admin views of subscribers, webhooks and delivery progress."""
