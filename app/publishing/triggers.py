"""After a commit that changed pages, queue one publish of each, coalesced.

A page edited ten times while its publish waits in the queue is published
once more, not ten times: a "pending" mark in the task queue's own storage
(shared by every host through Redis) stands for the queued task, and the
task clears it before it renders, so a commit made during the render queues
the next one. Nothing is lost if a task is: the periodic sweep republishes
every page whose content version differs from what it last published.
"""

import logging

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from app.core.tasks import task_queue
from app.pages.versions import changed_pages

log = logging.getLogger(__name__)


def pending_key(page_id: str) -> str:
    return f"beacon.publish-pending:{page_id}"


def request_publish(page_id: str) -> None:
    """Queue a publish of ``page_id`` unless one is already waiting."""
    queue = task_queue()
    if queue.huey.put_if_empty(pending_key(page_id), b"1"):
        queue.publish(page_id)


def _after_commit(session: Session) -> None:
    pages = changed_pages(session)
    if not pages or not has_app_context():
        return
    if not current_app.config["PUBLISH_ON_WRITE"]:
        return
    try:
        for page_id in sorted(pages):
            request_publish(page_id)
    except Exception:
        # The commit stands; the periodic sweep publishes what this missed.
        log.exception("could not queue the publish of %s", sorted(pages))


def listen_for_commits() -> None:
    """Hook every session's commit (idempotent)."""
    if not sa.event.contains(Session, "after_commit", _after_commit):
        sa.event.listen(Session, "after_commit", _after_commit)
