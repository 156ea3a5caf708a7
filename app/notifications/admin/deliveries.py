"""How far an update's notifications have got (staff may look)."""

from flask import render_template

from app.admin import bp
from app.extensions import db
from app.models import IncidentUpdate
from app.notifications.subscribers import delivery_progress


@bp.get("/updates/<update_id>/deliveries")
def update_deliveries(update_id: str):
    update = db.get_or_404(IncidentUpdate, update_id)
    return render_template(
        "admin/subscribers/deliveries.html",
        update=update,
        incident=update.incident,
        progress=delivery_progress(update),
    )
