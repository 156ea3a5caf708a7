"""The page form: every field of a client's status page."""

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.admin.forms.common import (
    blank_to_none,
    fill,
    optional_url_field,
    time_zone_name,
    zone_choices,
)
from app.core.labels import TIER_LABELS
from app.extensions import db
from app.models import CoverageTier, Page
from app.models.page import DEFAULT_SLA_MINUTES
from app.pages.images import InvalidImage, PreparedLogo, prepare_logo
from app.pages.slugs import slug_problem

PAGE_FIELDS = (
    "name",
    "slug",
    "time_zone",
    "is_public",
    "brand_color",
    "coverage_tier",
    "sla_minutes",
    "support_url",
    "support_contact",
)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class PageForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        "Slug",
        validators=[DataRequired()],
        filters=[_lower],
        description="The public address: /slug/. Lower-case letters, digits, hyphens.",
    )
    time_zone = SelectField(
        "Time zone",
        validators=[DataRequired(), time_zone_name],
        choices=zone_choices,
        validate_choice=False,  # time_zone_name says why, in words
        default="UTC",
        description="Dates and times on the page are shown in it.",
    )
    is_public = BooleanField(
        "Public: listed and visible on the status site", default=True
    )
    logo = FileField(
        "Logo",
        description="PNG, JPEG, GIF or WebP; shown 32 px high "
        "beside the name. Beacon serves it itself, so it shows even while the "
        "client's own site is down.",
    )
    remove_logo = BooleanField("Remove the current logo")
    brand_color = StringField(
        "Brand colour",
        validators=[
            Optional(),
            Regexp(r"^#[0-9a-f]{6}$", message="Use the form #rrggbb, e.g. #0b5cab."),
        ],
        filters=[_lower, blank_to_none],
    )
    coverage_tier = SelectField(
        "Coverage tier",
        choices=[SelectChoice(tier, TIER_LABELS[tier]) for tier in CoverageTier],
        coerce=CoverageTier,
        default=CoverageTier.STANDARD,
    )
    sla_minutes = IntegerField(
        "Emergency-response SLA (minutes)",
        validators=[Optional(), NumberRange(min=1, max=7 * 24 * 60)],
        description="Leave blank for the tier's default "
        + ", ".join(f"{TIER_LABELS[t]} {m}" for t, m in DEFAULT_SLA_MINUTES.items())
        + ".",
    )
    support_url = optional_url_field("Support URL")
    support_contact = StringField(
        "Support contact",
        validators=[Length(max=200)],
        filters=[blank_to_none],
        description="Shown in the public page's footer.",
    )
    submit = SubmitField("Save page")

    def __init__(self, *args: Any, page: Page | None = None, **kwargs: Any) -> None:
        super().__init__(*args, obj=page, **kwargs)
        self._page = page
        self.prepared_logo: PreparedLogo | None = None
        if page is None or page.logo is None:
            del self.remove_logo

    def validate_slug(self, field: StringField) -> None:
        problem = slug_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
        query = sa.select(Page.id).where(Page.slug == field.data)
        if self._page is not None:
            query = query.where(Page.id != self._page.id)
        if db.session.scalar(query) is not None:
            raise ValidationError("Another page already uses this slug.")

    def validate_logo(self, field: FileField) -> None:
        upload = field.data
        if not isinstance(upload, FileStorage) or not upload.filename:
            return  # no new logo: keep the current one
        limit = current_app.config["LOGO_MAX_BYTES"]
        # Read one byte past the limit: enough to refuse it, never the whole file.
        data = upload.stream.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(f"The logo is larger than {limit // 1024} KB.")
        try:
            self.prepared_logo = prepare_logo(data)
        except InvalidImage as error:
            raise ValidationError(str(error)) from None

    def apply_to(self, page: Page) -> None:
        """Copy the fields onto ``page``; a blank SLA takes the tier's default."""
        fill(self, page, PAGE_FIELDS)
        if self.sla_minutes.data is None:
            page.sla_minutes = DEFAULT_SLA_MINUTES[page.coverage_tier]
