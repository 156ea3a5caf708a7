"""Forms for a page's client emergency contacts and internal escalation chain."""

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin.forms.common import strip
from app.core.labels import CONTACT_CHANNEL_LABELS
from app.incidents.contacts import contact_value_problem
from app.models import ContactChannel

EMERGENCY_FIELDS = ("name", "channel", "value")
ESCALATION_FIELDS = ("role_label", "person_name", "how_to_reach")


class EmergencyContactForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    channel = SelectField(
        "Channel",
        choices=[
            SelectChoice(channel, CONTACT_CHANNEL_LABELS[channel])
            for channel in ContactChannel
        ],
        coerce=ContactChannel,
        description="Our procedure tries phone, then text, Slack and email.",
    )
    value = StringField(
        "Number, handle or address",
        validators=[DataRequired(), Length(max=200)],
        filters=[strip],
    )
    submit = SubmitField("Save contact")

    def validate_value(self, field: StringField) -> None:
        if self.channel.data is None:
            return  # the channel field reports its own error
        problem = contact_value_problem(self.channel.data, field.data or "")
        if problem:
            raise ValidationError(problem)


class EscalationContactForm(FlaskForm):
    role_label = StringField(
        "Role",
        validators=[DataRequired(), Length(max=80)],
        filters=[strip],
        description="e.g. Strategist, PM, Lead developer.",
    )
    person_name = StringField(
        "Person", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    how_to_reach = StringField(
        "How to reach them",
        validators=[DataRequired(), Length(max=300)],
        filters=[strip],
        description="e.g. phone +1 555 0100, then @sam on Slack.",
    )
    submit = SubmitField("Save step")
