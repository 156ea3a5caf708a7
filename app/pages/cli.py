"""`flask domain add|remove|list`: the custom hostnames of pages."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.models import Page, PageDomain
from app.pages.domains import DomainError, add_domain, remove_domain
from app.pages.public.hosts import main_hosts

domain_cli = AppGroup("domain", help="Custom hostnames on which a page is served.")


@domain_cli.command("add")
@click.argument("slug")
@click.argument("hostname")
def domain_add(slug: str, hostname: str) -> None:
    """Serve the page SLUG at the root of HOSTNAME."""
    page = db.session.scalar(sa.select(Page).where(Page.slug == slug))
    if page is None:
        raise click.ClickException(f"No page with slug {slug!r}.")
    try:
        domain = add_domain(page, hostname, main_hosts(current_app))
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{page.name} now answers on {domain.hostname}.")


@domain_cli.command("remove")
@click.argument("hostname")
def domain_remove(hostname: str) -> None:
    """Stop serving any page on HOSTNAME."""
    if not remove_domain(hostname):
        raise click.ClickException(f"{hostname} is not a page's hostname.")
    db.session.commit()
    click.echo(f"Removed {hostname}.")


@domain_cli.command("list")
def domain_list() -> None:
    """Every custom hostname with its page."""
    query = sa.select(PageDomain).join(Page).order_by(Page.slug, PageDomain.hostname)
    for domain in db.session.scalars(query):
        click.echo(f"{domain.page.slug}\t{domain.hostname}")
