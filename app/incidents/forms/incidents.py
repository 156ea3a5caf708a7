"""Forms of the incident console: declare, post an update, edit, filter."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from app.admin.forms.common import strip
from app.admin.forms.fields import (
    ComponentFields,
    LocalDateTimeField,
    user_choices,
    with_component_fields,
)
from app.core.labels import DETECTION_LABELS, IMPACT_LABELS, STATUS_LABELS
from app.incidents.communication import list_templates
from app.incidents.lifecycle import allowed_targets
from app.incidents.policies import policy_terms
from app.models import (
    ComponentStatus,
    DetectionSource,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    User,
    Visibility,
)

INCIDENT_STATES = [SelectChoice(s.value, str(STATUS_LABELS[s])) for s in IncidentStatus]
# While declaring, a component is either unaffected or broken in some way.
BROKEN = [
    ComponentStatus.DEGRADED_PERFORMANCE,
    ComponentStatus.PARTIAL_OUTAGE,
    ComponentStatus.MAJOR_OUTAGE,
]


def _severity_choices() -> list[SelectChoice]:
    return [SelectChoice(s, terms.display) for s, terms in policy_terms().items()]


def _template_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No template")] + [
        SelectChoice(t.id, t.name) for t in list_templates()
    ]


def _message_field(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[DataRequired("Write the message."), Length(max=20000)],
        description="Markdown: **bold**, *italic*, lists, links.",
    )


# Component statuses are the page's, not the incident's: an internal-only
# incident that sets one changes the public page at once. The forms say so.
COMPONENTS_ARE_PUBLIC = (
    "Component statuses set here are public at once, internal incident or not."
)


class _IncidentFields(FlaskForm):
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=200)], filters=[strip]
    )
    severity = SelectField("Severity", coerce=str, choices=[])
    impact = SelectField(
        "Public impact",
        choices=[SelectChoice(i.value, str(IMPACT_LABELS[i])) for i in Impact],
        default=Impact.MINOR.value,
    )
    commander_id = SelectField("Incident commander", choices=[], default="")

    def _fill_choices(self) -> None:
        self.severity.choices = _severity_choices()
        self.commander_id.choices = user_choices("Nobody yet")


class DeclareForm(ComponentFields, _IncidentFields):
    detection_source = SelectField(
        "Detected by",
        choices=[SelectChoice(d.value, DETECTION_LABELS[d]) for d in DetectionSource],
        default=DetectionSource.MONITORING.value,
    )
    started_at = LocalDateTimeField("Started at")
    detected_at = LocalDateTimeField("Detected at")
    internal_only = BooleanField(
        "Internal only until confirmed",
        description="Not on the public page until someone confirms it publicly; "
        "the message becomes an internal update. " + COMPONENTS_ARE_PUBLIC,
    )
    template = SelectField("Communication template", choices=[], default="")
    prefill = SubmitField("Fill in the template")
    body = _message_field("First message")
    preview = SubmitField("Preview")
    submit = SubmitField("Declare incident")


def declare_form(page: Page, user: User) -> DeclareForm:
    """The declare form for ``page``: one select per component, times in its zone."""
    form_class = with_component_fields(
        DeclareForm, list(page.components), "Not affected", BROKEN
    )
    form: Any = form_class(severity="P2", commander_id=user.id)
    form._fill_choices()
    form.template.choices = _template_choices()
    hint = f"In {page.time_zone}. Leave blank for now."
    form.started_at.description = form.detected_at.description = hint
    return form


class UpdateForm(ComponentFields, FlaskForm):
    status = SelectField("State", choices=[])
    reopen = BooleanField("Reopen this resolved incident")
    body = _message_field("Message")
    visibility = SelectField(
        "Visibility",
        choices=[
            SelectChoice(Visibility.PUBLIC.value, "Public: on the status page"),
            SelectChoice(Visibility.INTERNAL.value, "Internal: staff only"),
        ],
        default=Visibility.PUBLIC.value,
    )
    preview = SubmitField("Preview")
    submit = SubmitField("Post update")

    @property
    def chosen_status(self) -> IncidentStatus:
        return IncidentStatus(self.status.data)


def update_form(incident: Incident, **data: Any) -> UpdateForm:
    """The update form: allowed states, and one select per component of the page."""
    form_class = with_component_fields(
        UpdateForm,
        list(incident.page.components),
        "Unchanged",
        list(ComponentStatus),
        show_current=True,
    )
    form: Any = form_class(**({"status": incident.status.value} | data))
    targets = allowed_targets(incident.status, reopen=incident.is_resolved)
    form.status.choices = [c for c in INCIDENT_STATES if c.value in targets]
    if not incident.is_resolved:
        del form.reopen
    if not incident.is_public:
        form.visibility.choices = form.visibility.choices[1:]
        form.visibility.description = (
            "Confirm the incident publicly to post publicly. " + COMPONENTS_ARE_PUBLIC
        )
        if not form.is_submitted():
            form.visibility.data = Visibility.INTERNAL.value
    return form


class IncidentEditForm(_IncidentFields):
    submit = SubmitField("Save incident")


def edit_form(incident: Incident) -> IncidentEditForm:
    form = IncidentEditForm(obj=incident)
    form._fill_choices()
    return form


class ConfirmPublicForm(FlaskForm):
    body = _message_field("First public message")
    submit = SubmitField("Confirm publicly")


class IncidentFilterForm(FlaskForm):
    """Filter the incident list (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    page = SelectField("Page", choices=[], default="")
    status = SelectField(
        "State",
        choices=[SelectChoice("", "Any"), SelectChoice("open", "Unresolved")]
        + INCIDENT_STATES,
        default="",
    )
    submit = SubmitField("Filter")
