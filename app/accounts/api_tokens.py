"""Personal API tokens: create (secret shown once), authenticate, revoke."""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core import audit
from app.core.errors import ValidationError
from app.core.secrets import digest, new_secret, shown_part
from app.extensions import db
from app.models import ApiToken, Page, TokenScope, User
from app.models.base import utcnow

TOKEN_PREFIX = "bcn_"  # noqa: S105  (a public marker, not a secret)
# Writing last_used_at on every call would make each read a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)
AUDIT_FIELDS = ("name", "scope", "all_pages", "expires_at", "owner_id")


def create_token(
    owner: User,
    name: str,
    scope: TokenScope,
    *,
    pages: Sequence[Page] = (),
    expires_at: datetime | None = None,
    actor: User | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``owner``; return it with its secret (never stored)."""
    now = now or utcnow()
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the token a name.", "name")
    if expires_at is not None and expires_at <= now:
        raise ValidationError("The expiry must be in the future.", "expires_at")
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(
        owner=owner,
        name=name[:120],
        scope=TokenScope(scope),
        all_pages=not pages,
        pages=list(pages),
        expires_at=expires_at,
        token_hash=digest(secret),
        prefix=shown_part(secret),
        created_at=now,
    )
    db.session.add(token)
    after = audit.snapshot(token, *AUDIT_FIELDS) | {"pages": [p.slug for p in pages]}
    audit.record(actor or owner, "create", token, after=after)
    return token, secret


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token with ``secret``, its last use noted; None otherwise."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == digest(secret))
    )
    now = now or utcnow()
    if token is None or not token.is_usable(now):
        return None
    last = token.last_used_at
    if last is None or now - last >= LAST_USED_GRANULARITY:
        token.last_used_at = now
    return token


def revoke_token(token: ApiToken, actor: User | None) -> bool:
    """Revoke ``token`` for good; False if it already was."""
    if token.revoked_at is not None:
        return False
    before = audit.snapshot(token, "revoked_at")
    token.revoked_at = utcnow()
    audit.record_change(actor, "revoke", token, before)
    return True


def tokens_for(user: User, *, everyone: bool = False) -> list[ApiToken]:
    """``user``'s tokens (everyone's for an admin who asks), newest first."""
    query = sa.select(ApiToken).order_by(ApiToken.created_at.desc())
    if not everyone:
        query = query.where(ApiToken.owner_id == user.id)
    return list(db.session.scalars(query))
