"""Subscribers and what they hear: fan-out, outbox, delivery, email, webhooks."""
