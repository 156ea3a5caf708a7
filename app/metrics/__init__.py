"""Response metrics: durations, compliance, hours, with charts and CSV."""
