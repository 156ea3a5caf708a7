"""`flask seed-demo`: the demo clients, for trying Beacon out."""

import click

from app.demo import seed_demo
from app.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo clients (APC and friends); safe to run twice."""
    created = seed_demo()
    db.session.commit()
    if created:
        click.echo(f"Created demo pages: {', '.join(created)}")
    else:
        click.echo("Demo pages already present; nothing to do.")
