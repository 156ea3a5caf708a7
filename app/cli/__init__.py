"""Command-line entry points; thin wrappers over services."""

import click
from flask import Flask

from app.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo clients (APC and friends); safe to run twice."""
    from app.services.demo import seed_demo

    created = seed_demo()
    db.session.commit()
    if created:
        click.echo(f"Created demo pages: {', '.join(created)}")
    else:
        click.echo("Demo pages already present; nothing to do.")


def register_commands(app: Flask) -> None:
    from app.cli.console import console_cli
    from app.cli.domains import domain_cli
    from app.cli.incidents import incident_cli
    from app.cli.maintenance import maintenance_cli
    from app.cli.reports import report_cli
    from app.cli.users import create_user_command
    from app.cli.worker import worker_command

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(console_cli)
    app.cli.add_command(domain_cli)
    app.cli.add_command(incident_cli)
    app.cli.add_command(maintenance_cli)
    app.cli.add_command(report_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(worker_command)
