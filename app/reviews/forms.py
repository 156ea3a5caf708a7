"""Forms for post-incident reviews, postmortems and action items."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from app.admin.forms.common import strip
from app.admin.forms.fields import DayField
from app.extensions import db
from app.models import ActionItem, ActionItemStatus, PostIncidentReview, User
from app.models.review import FIVE_WHYS, REVIEW_TEXT_FIELDS
from app.reviews.queue import possible_owners


class ReviewForm(FlaskForm):
    what_happened = TextAreaField(
        "What happened?", description="The timeline, in plain words.", filters=[strip]
    )
    root_cause = TextAreaField("Why did it happen? (root cause)", filters=[strip])
    monitoring_gaps = TextAreaField(
        "Why didn't we catch it? (monitoring gaps)", filters=[strip]
    )
    prevention = TextAreaField(
        "How do we prevent it?",
        description="The approach; agree the concrete work as action items below.",
        filters=[strip],
    )
    submit = SubmitField("Save review")

    def __init__(self, review: PostIncidentReview | None = None) -> None:
        data: dict[str, Any] = {}
        if review is not None:
            data = {name: getattr(review, name) for name in REVIEW_TEXT_FIELDS}
            for n, pair in enumerate(review.five_whys, start=1):
                data[f"why_{n}"], data[f"answer_{n}"] = pair["why"], pair["answer"]
        super().__init__(data=data)

    def why_fields(self) -> list[tuple[Field, Field]]:
        """The five why/answer field pairs, in order."""
        return [(self[f"why_{n}"], self[f"answer_{n}"]) for n in _NUMBERS]

    def why_pairs(self) -> list[tuple[str, str]]:
        return [(why.data, answer.data) for why, answer in self.why_fields()]


# Five fixed why/answer pairs: the form needs no JavaScript to add rows.
_NUMBERS = range(1, FIVE_WHYS + 1)
for _n in _NUMBERS:
    setattr(
        ReviewForm,
        f"why_{_n}",
        StringField(f"Why? ({_n})", filters=[strip], validators=[Length(max=500)]),
    )
    setattr(
        ReviewForm,
        f"answer_{_n}",
        StringField("Because", filters=[strip], validators=[Length(max=500)]),
    )


class PostmortemForm(FlaskForm):
    postmortem_body = TextAreaField(
        "Postmortem",
        description="Markdown. Written for the public: what happened, why, and "
        "what we are changing. No names, no internal detail.",
        filters=[strip],
    )
    notify_subscribers = BooleanField("Notify subscribers when it is published")
    preview = SubmitField("Preview")
    save = SubmitField("Save")
    publish = SubmitField("Publish")


def _owner_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Choose an owner")] + [
        SelectChoice(user.id, user.display_name) for user in possible_owners()
    ]


class ActionItemForm(FlaskForm):
    description = TextAreaField(
        "Action item", validators=[DataRequired(), Length(max=2000)], filters=[strip]
    )
    owner_id = SelectField("Owner", choices=[], validators=[DataRequired()])
    deadline = DayField("Deadline", validators=[InputRequired()])
    submit = SubmitField("Save action item")

    def __init__(self, item: ActionItem | None = None, **kwargs: Any) -> None:
        super().__init__(obj=item, **kwargs)
        self.owner_id.choices = _owner_choices()


class ActionItemStatusForm(FlaskForm):
    status = HiddenField(
        validators=[DataRequired(), AnyOf([s.value for s in ActionItemStatus])]
    )


def owner_from(form: ActionItemForm) -> User | None:
    """The user the owner field names, or None."""
    return db.session.get(User, form.owner_id.data) if form.owner_id.data else None
