"""The audit log viewer (admin-only): newest first, filtered by object."""

import sqlalchemy as sa
from flask import render_template, request
from wtforms import SelectChoice

from app.admin import admin_only, bp
from app.admin.forms.common import AuditFilterForm
from app.core import audit
from app.core.paging import page_number
from app.extensions import db
from app.models import AuditEntry

PER_PAGE = 50


@bp.get("/audit")
@admin_only
def audit_list():
    form = AuditFilterForm(request.args)
    types = db.session.scalars(
        sa.select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    )
    form.object_type.choices = [SelectChoice("", "All objects")] + [
        SelectChoice(t) for t in types
    ]
    entries = db.paginate(
        audit.entries_query(form.object_type.data, form.object_id.data),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("admin/audit/list.html", form=form, entries=entries)
