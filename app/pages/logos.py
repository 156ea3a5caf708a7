"""Set and remove a page's logo, with an audit entry for each change."""

from app.core import audit
from app.extensions import db
from app.models import Page, PageLogo, User
from app.models.base import utcnow
from app.pages.images import PreparedLogo


def set_logo(page: Page, prepared: PreparedLogo, actor: User | None) -> PageLogo:
    """Make ``prepared`` the page's logo, replacing any earlier one."""
    before = _description(page)
    logo = page.logo or PageLogo(page=page)
    logo.data = prepared.data
    logo.content_type = prepared.content_type
    logo.sha256 = prepared.digest
    logo.width, logo.height = prepared.width, prepared.height
    logo.uploaded_at = utcnow()
    db.session.add(logo)
    audit.record(
        actor,
        "update",
        page,
        before={"logo": before},
        after={"logo": prepared.description},
        summary=f"uploaded a logo for page {page.name}",
    )
    return logo


def remove_logo(page: Page, actor: User | None) -> bool:
    """Remove the page's logo; False when it had none."""
    if page.logo is None:
        return False
    audit.record(
        actor,
        "update",
        page,
        before={"logo": _description(page)},
        after={"logo": None},
        summary=f"removed the logo of page {page.name}",
    )
    page.logo = None  # delete-orphan removes the row
    return True


def _description(page: Page) -> str | None:
    return page.logo.description if page.logo else None
