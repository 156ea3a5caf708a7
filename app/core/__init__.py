"""What every capability leans on: enums, signals, tasks, audit, links, time."""
