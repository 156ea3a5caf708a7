"""`flask console ...`: the incident console's reference data."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.incidents.communication import ensure_default_templates
from app.incidents.policies import ensure_default_policies

console_cli = AppGroup("console", help="Incident console set-up.")


@console_cli.command("seed-defaults")
def seed_defaults_command() -> None:
    """Add the default severity policies and communication templates; safe to rerun."""
    policies = ensure_default_policies()
    templates = ensure_default_templates()
    db.session.commit()
    click.echo(
        f"Added {len(policies)} severity policies and {len(templates)} templates."
    )
