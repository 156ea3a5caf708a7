"""Response metrics: /admin/metrics (tables and SVG charts) and its CSV export."""

from flask import Response, render_template, request

from app.admin import bp
from app.metrics.charts import metrics_charts
from app.metrics.export import metrics_csv
from app.metrics.forms import MetricsForm
from app.metrics.service import compute_metrics
from app.models.base import utcnow


@bp.get("/metrics")
def metrics():
    form = MetricsForm(formdata=request.args)
    now = utcnow()
    period = form.period(now)
    if period is None:
        return render_template("admin/metrics.html", form=form, report=None), 400
    report = compute_metrics(period, now)
    return render_template(
        "admin/metrics.html", form=form, report=report, charts=metrics_charts(report)
    )


@bp.get("/metrics.csv")
def metrics_csv_export():
    form = MetricsForm(formdata=request.args)
    now = utcnow()
    period = form.period(now)
    if period is None:
        errors = "; ".join(e for field in form for e in field.errors)
        return Response(errors + "\n", status=400, mimetype="text/plain")
    name = f"beacon-metrics-{period.start}-{period.end}.csv"
    return Response(
        metrics_csv(compute_metrics(period, now)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
