"""The ``flask`` commands: each capability's own, registered here in one list."""

from flask import Flask

from app.accounts.cli import create_user_command
from app.demo.cli import seed_demo_command
from app.incidents.cli.console import console_cli
from app.incidents.cli.incidents import incident_cli
from app.maintenance.cli import maintenance_cli
from app.notifications.cli import worker_command
from app.pages.cli import domain_cli
from app.publishing.cli import publish_cli
from app.reports.cli import report_cli

COMMANDS = (
    seed_demo_command,
    console_cli,
    domain_cli,
    incident_cli,
    maintenance_cli,
    publish_cli,
    report_cli,
    create_user_command,
    worker_command,
)


def register_commands(app: Flask) -> None:
    """Add every command to ``app.cli``."""
    for command in COMMANDS:
        app.cli.add_command(command)
