"""Domain rules in plain modules: lifecycle, status roll-ups, uptime."""
