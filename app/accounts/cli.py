"""`flask create-user`: the way into a fresh install."""

import sys

import click

from app.accounts.users import UserError, create_user, email_problem
from app.extensions import db
from app.models import Role


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.STAFF.value,
    show_default=True,
    help="admin: everything; staff: incidents, updates, hours, reports.",
)
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking.",
)
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a staff account that can sign in at /admin/login."""
    problem = email_problem(email)  # before asking for a password, not after
    if problem:
        raise click.ClickException(f"{email}: {problem}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, password, role=Role(role), name=name)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} account {user.email}.")
