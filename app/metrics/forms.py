"""The period form of /admin/metrics."""

from datetime import datetime, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import Optional

from app.admin.forms.fields import DayField
from app.metrics.service import Period

MAX_DAYS = 3 * 366


class MetricsForm(FlaskForm):
    """From/to dates (UTC days, both included); a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    start = DayField("From", name="from", validators=[Optional()])
    end = DayField("To", name="to", validators=[Optional()])
    submit = SubmitField("Show")

    def period(self, now: datetime) -> Period | None:
        """The chosen period (the last 90 days by default), or None with errors."""
        if not self.validate():
            return None
        default = Period.last_days(now)
        end = self.end.data or default.end
        start = self.start.data or end - (default.end - default.start)
        return self._checked(start, end)

    def _checked(self, start: Any, end: Any) -> Period | None:
        if start > end:
            self.end.errors.append("The end date cannot be before the start date.")
            return None
        if end - start > timedelta(days=MAX_DAYS):
            self.start.errors.append("Choose a period of at most three years.")
            return None
        self.start.data, self.end.data = start, end  # show the defaults used
        return Period(start, end)
