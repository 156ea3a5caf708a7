"""Custom domains of pages: add and remove the hostnames a page answers on."""

import sqlalchemy as sa

from app.core.hostnames import is_valid_hostname, normalise_host
from app.extensions import db
from app.models import Page, PageDomain


class DomainError(ValueError):
    """Raised when a hostname cannot be given to a page."""


def add_domain(page: Page, hostname: str, main_hosts: set[str]) -> PageDomain:
    """Serve ``page`` on ``hostname`` too; ``main_hosts`` are Beacon's own names."""
    host = normalise_host(hostname)
    if not is_valid_hostname(host):
        raise DomainError(f"{hostname!r} is not a valid hostname.")
    if host in main_hosts:
        raise DomainError(f"{host} is Beacon's own hostname.")
    if db.session.scalar(sa.select(PageDomain).where(PageDomain.hostname == host)):
        raise DomainError(f"{host} already belongs to a page.")
    domain = PageDomain(page=page, hostname=host)
    db.session.add(domain)
    db.session.flush()
    return domain


def remove_domain(hostname: str) -> bool:
    """Stop serving any page on ``hostname``; False when it was not in use."""
    host = normalise_host(hostname)
    domain = db.session.scalar(sa.select(PageDomain).where(PageDomain.hostname == host))
    if domain is None:
        return False
    db.session.delete(domain)
    db.session.flush()
    return True
