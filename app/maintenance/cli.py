"""`flask maintenance …`: the scheduler's maintenance step, runnable by hand or cron."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.maintenance.tick import run_due_transitions

maintenance_cli = AppGroup("maintenance", help="Scheduled maintenance windows.")


@maintenance_cli.command("tick")
def tick_command() -> None:
    """Send due reminders and start or complete due windows, once."""
    result = run_due_transitions()
    db.session.commit()
    click.echo(
        f"Maintenance: {len(result.reminded)} reminded, {len(result.started)} started, "
        f"{len(result.completed)} completed."
    )
