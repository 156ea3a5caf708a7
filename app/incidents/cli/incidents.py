"""`flask incident create|update|resolve`: incidents from scripts on the server.

Thin wrappers over app/incidents/service.py; every change is audited as made
"via the command line".
"""

from collections.abc import Sequence

import click
import sqlalchemy as sa
from flask import g
from flask.cli import AppGroup

from app.accounts.users import normalise_email
from app.core.errors import ValidationError
from app.extensions import db
from app.incidents import console as incident_console
from app.incidents.lifecycle import InvalidTransition
from app.incidents.service import IncidentDraft
from app.models import (
    Component,
    ComponentStatus,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    Severity,
    User,
    Visibility,
)

incident_cli = AppGroup("incident", help="Declare, update and resolve incidents.")


def _choice(enum: type) -> click.Choice:
    return click.Choice([e.value for e in enum])


component_option = click.option(
    "--component",
    "components",
    multiple=True,
    metavar="NAME=STATUS",
    help="A component and its status, e.g. Website=major_outage (repeatable).",
)
message_option = click.option("--message", "-m", required=True, help="The update text.")
internal_option = click.option(
    "--internal", is_flag=True, help="Staff-only: not shown on the status page."
)


def _component_statuses(
    page: Page, pairs: Sequence[str]
) -> dict[Component, ComponentStatus]:
    by_name = {c.name.casefold(): c for c in page.components} | {
        c.id: c for c in page.components
    }
    statuses = {}
    for pair in pairs:
        name, sep, status = pair.rpartition("=")
        component = by_name.get(name.strip().casefold()) or by_name.get(name.strip())
        if not sep or component is None:
            names = ", ".join(c.name for c in page.components) or "none"
            raise click.BadParameter(
                f"{pair!r}: use NAME=STATUS with one of: {names}.",
                param_hint="--component",
            )
        try:
            statuses[component] = ComponentStatus(status.strip())
        except ValueError:
            choices = ", ".join(s.value for s in ComponentStatus)
            raise click.BadParameter(
                f"{status!r} is not one of {choices}.", param_hint="--component"
            ) from None
    return statuses


def _load_incident(incident_id: str) -> Incident:
    incident = db.session.get(Incident, incident_id)
    if incident is None:
        raise click.ClickException(f"No incident with id {incident_id}.")
    return incident


def _save(incident: Incident) -> None:
    db.session.commit()
    click.echo(f"{incident.id} {incident.status} {incident.title}")


def _actor(email: str | None) -> User | None:
    """The staff member named by ``--by``; None (the system) without it."""
    # Every entry this command leaves in the audit log names the channel.
    g.audit_via = "the command line"
    if email is None:
        return None
    user = db.session.scalar(
        sa.select(User).where(User.email == normalise_email(email))
    )
    if user is None:
        raise click.BadParameter(f"no staff account {email!r}.", param_hint="--by")
    return user


by_option = click.option(
    "--by",
    "by",
    metavar="EMAIL",
    help="The staff member acting (the audit names them).",
)


def _refuse(error: Exception) -> click.ClickException:
    db.session.rollback()
    field = getattr(error, "field", None)
    return click.ClickException(f"{field}: {error}" if field else str(error))


@incident_cli.command("create")
@click.option("--page", "page_slug", required=True, help="The page's slug.")
@click.option("--title", required=True)
@message_option
@click.option("--severity", type=_choice(Severity), default="P2", show_default=True)
@click.option("--impact", type=_choice(Impact), default="minor", show_default=True)
@click.option(
    "--status", type=_choice(IncidentStatus), default="investigating", show_default=True
)
@component_option
@internal_option
@by_option
def create_command(
    page_slug, title, message, severity, impact, status, components, internal, by
):
    """Declare an incident on a page, with its first update."""
    page = db.session.scalar(sa.select(Page).where(Page.slug == page_slug))
    if page is None:
        raise click.ClickException(f"No page with slug {page_slug!r}.")
    actor = _actor(by)
    draft = IncidentDraft(
        page=page,
        title=title,
        body=message,
        severity=Severity(severity),
        impact=Impact(impact),
        status=IncidentStatus(status),
        components=_component_statuses(page, components),
        public=not internal,
    )
    try:
        incident = incident_console.declare(draft, actor)
    except (ValidationError, InvalidTransition) as error:
        raise _refuse(error) from None
    _save(incident)


def _post(
    incident: Incident,
    status: IncidentStatus,
    message: str,
    components,
    internal: bool,
    reopen: bool = False,
    by: str | None = None,
    resolving: bool = False,  # the resolve command: a repeat posts nothing
) -> None:
    actor = _actor(by)
    statuses = _component_statuses(incident.page, components)
    visibility = Visibility.INTERNAL if internal else Visibility.PUBLIC
    fields = {"body": message, "visibility": visibility,
              "component_statuses": statuses}  # fmt: skip
    try:
        if resolving:
            posted = incident_console.resolve(incident, actor, **fields)
        else:
            posted = incident_console.post_update(
                incident, actor, status=status, reopen=reopen, **fields
            )
    except (ValidationError, InvalidTransition) as error:
        raise _refuse(error) from None
    if posted is None:
        click.echo(f"Incident {incident.id} is resolved already: nothing posted.")
        return
    _save(incident)


@incident_cli.command("update")
@click.argument("incident_id")
@click.option("--status", type=_choice(IncidentStatus), required=True)
@message_option
@component_option
@internal_option
@click.option("--reopen", is_flag=True, help="Allow moving a resolved incident.")
@by_option
def update_command(incident_id, status, message, components, internal, reopen, by):
    """Post an update: a lifecycle state, a message, component statuses."""
    incident = _load_incident(incident_id)
    _post(incident, IncidentStatus(status), message, components, internal, reopen, by)


@incident_cli.command("resolve")
@click.argument("incident_id")
@click.option(
    "--message", "-m", default="This incident has been resolved.", show_default=True
)
@component_option
@internal_option
@by_option
def resolve_command(incident_id, message, components, internal, by):
    """Resolve an incident; its components return to operational."""
    incident = _load_incident(incident_id)
    _post(incident, IncidentStatus.RESOLVED, message, components, internal, by=by,
          resolving=True)  # fmt: skip
