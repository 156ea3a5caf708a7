"""Idempotency keys: a retried POST gets the first answer and changes nothing.

``begin`` claims the key first thing in the caller's transaction; ``finish`` stores the
answer before the caller commits, so the claim, the change and the answer are
saved together or not at all. A concurrent retry waits on the unique key and
then finds the committed answer.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import IdempotencyRecord, User
from app.models.base import utcnow

# Long enough for any client's retries; after that a key may be used again.
RETENTION = timedelta(hours=24)


class KeyReused(ValueError):
    """The key was first used for another request (method, path or body)."""


@dataclass(frozen=True)
class Claim:
    """The outcome of ``begin``: a new claim to finish, or an answer to replay."""

    record: IdempotencyRecord
    replay: bool


def begin(
    owner: User,
    key: str,
    method_path: str,
    request_hash: str,
    now: datetime | None = None,
) -> Claim:
    """Claim ``key`` for this request, or return the stored answer to replay it."""
    now = now or utcnow()
    existing = _find(owner, key)
    if existing is not None and existing.created_at < now - RETENTION:
        db.session.delete(existing)
        db.session.flush()
        existing = None
    if existing is None:
        record = IdempotencyRecord(
            owner_id=owner.id,
            key=key,
            method_path=method_path,
            request_hash=request_hash,
            created_at=now,
        )
        db.session.add(record)
        try:
            db.session.flush()
        except IntegrityError:  # a concurrent request with this key won
            # Claims come first in a request, so nothing else is lost here. (No
            # savepoint: pysqlite would commit on releasing the outermost one.)
            db.session.rollback()
            existing = _find(owner, key)
        else:
            return Claim(record, replay=False)
    return Claim(_check(existing, method_path, request_hash), replay=True)


def finish(
    record: IdempotencyRecord, status_code: int, body: Any, location: str | None
) -> None:
    """Keep the answer with the claim; the caller's commit saves both."""
    record.status_code = status_code
    record.body = body
    record.location = location
    db.session.flush()


def purge(now: datetime | None = None) -> int:
    """Delete records past their retention; return how many went."""
    cutoff = (now or utcnow()) - RETENTION
    result = db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff)
    )
    return result.rowcount or 0


def _find(owner: User, key: str) -> IdempotencyRecord | None:
    return db.session.scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.owner_id == owner.id, IdempotencyRecord.key == key
        )
    )


def _check(
    record: IdempotencyRecord | None, method_path: str, request_hash: str
) -> IdempotencyRecord:
    if record is None:  # claimed and released meanwhile: let the client retry
        raise KeyReused("This key is in use by a request that did not finish.")
    if record.method_path != method_path or record.request_hash != request_hash:
        raise KeyReused(
            "This Idempotency-Key was already used for a different request."
        )
    return record
