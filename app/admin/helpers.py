"""What most admin views end with: commit, say so, go back; and child-list actions."""

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.admin.forms.common import ConfirmForm, MoveForm, fill
from app.core import audit, ordering
from app.extensions import db
from app.models import Base


def saved(message: str, endpoint: str, **values: Any) -> Response:
    """Commit the request's changes, flash ``message`` and redirect."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def move_item(item: Any, siblings: Sequence[Any], back_to: str) -> Response:
    """Handle a move up/down POST for ``item`` among ``siblings``."""
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    before = audit.snapshot(item, "position")
    if ordering.move(item, siblings, form.direction.data):
        audit.record_change(current_user, "move", item, before)
    db.session.commit()
    return redirect(back_to)


def delete_item(item: Base, fields: tuple[str, ...], what: str, back_to: str) -> Any:
    """Ask for confirmation on GET; on POST record and delete ``item``."""
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record(current_user, "delete", item, before=audit.snapshot(item, *fields))
        db.session.delete(item)
        db.session.commit()
        flash(f"{what} deleted.", "success")
        return redirect(back_to)
    return render_template("admin/confirm.html", form=form, what=what, back_to=back_to)


def record_created(item: Base, fields: tuple[str, ...]) -> None:
    """Add ``item`` to the session and log its creation with its initial values."""
    db.session.add(item)
    audit.record(current_user, "create", item, after=audit.snapshot(item, *fields))


def record_updated(form: Any, item: Base, fields: tuple[str, ...]) -> None:
    """Apply ``form`` to ``item`` and log the fields that changed."""
    before = audit.snapshot(item, *fields)
    fill(form, item, fields)
    audit.record_change(current_user, "update", item, before)
