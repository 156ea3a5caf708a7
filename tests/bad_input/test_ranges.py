"""Numbers and dates out of range are refused with a message, and whatever the
data, every page renders."""

from datetime import date

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts.api_tokens import create_token
from app.admin.forms.fields import DayField, LocalDateTimeField
from app.api.v1.bodies import validate
from app.api.v1.problems import ApiProblem
from app.core.errors import ValidationError
from app.core.validation import EARLIEST_DAY, LATEST_DAY
from app.incidents.api.bodies import NoteCreate
from app.models import Component, Page, TokenScope
from tests.bad_input.routes import row_counts

FAR_DATES = ["9999-12-31", "0001-01-01", "1989-12-31", "2100-01-01"]
TIME_ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York",
              "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"]  # fmt: skip


@pytest.fixture
def paged_lists(page) -> list[str]:
    return [
        f"/{page.slug}/history?page={{}}",
        "/admin/incidents?page_number={}",
        f"/admin/pages/{page.id}/subscribers?page={{}}",
        "/admin/audit?page={}",
        "/api/v1/incidents?page={}",
    ]


@pytest.fixture
def api_headers(db, admin_user) -> dict[str, str]:
    secret = create_token(admin_user, "ranges", TokenScope.WRITE)[1]
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(number=st.integers() | st.sampled_from([2**63, 2**64 + 1, -(2**63) - 1]))
def test_any_page_number_is_a_page_or_a_4xx(
    admin_client, paged_lists, api_headers, number
):
    for url in paged_lists:
        answer = admin_client.get(url.format(number), headers=api_headers)
        assert answer.status_code in (200, 400, 404), (url, number)


def test_history_before_1990_is_a_404_not_a_crash(client, page):
    assert client.get(f"/{page.slug}/history?page=144").status_code in (200, 404)
    assert client.get(f"/{page.slug}/history?page=10000").status_code == 404


@pytest.mark.parametrize("day", FAR_DATES)
def test_a_component_date_outside_the_window_is_a_form_error(
    admin_client, db, page, day
):
    component = Component(page=page, name="Checkout", position=0)
    db.session.add(component)
    db.session.commit()
    answer = admin_client.post(
        f"/admin/components/{component.id}/edit",
        data={"name": "Checkout", "start_date": day},
    )
    assert answer.status_code == 200  # the form again, with the message
    assert "must be between 1990-01-01 and 2099-12-31" in answer.text
    db.session.expire_all()
    assert db.session.get(Component, component.id).start_date is None


@pytest.mark.parametrize("field", ["starts_at", "ends_at"], ids=["start", "end"])
def test_a_maintenance_time_outside_the_window_is_a_form_error(
    admin_client, page, field
):
    before = row_counts()
    times = {"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00"}
    answer = admin_client.post(
        f"/admin/pages/{page.id}/maintenance/new",
        data={"title": "Upgrade", **times, field: "9999-12-31T23:59"},
    )
    assert answer.status_code == 200
    assert "must be between 1990-01-01 and 2099-12-31" in answer.text
    assert row_counts() == before


@pytest.mark.parametrize(
    "started_at",
    ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1900-01-01T00:00:00Z"],
)
def test_an_api_time_outside_the_window_is_a_422(client, page, api_headers, started_at):
    before = row_counts()
    answer = client.post(
        f"/api/v1/pages/{page.slug}/incidents",
        json={"title": "Checkout", "message": "Looking.", "started_at": started_at},
        headers=api_headers,
    )
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]
    assert any("1990-01-01" in error["detail"] for error in errors), errors
    assert row_counts() == before


def test_a_page_renders_whatever_dates_its_rows_hold(client, db, page):
    """Rows written before these checks (or by hand) cannot take a page down."""
    for n, day in enumerate((date(9999, 12, 31), date(1, 1, 1))):
        db.session.add(
            Component(page=page, name=f"Odd {n}", position=n, start_date=day)
        )
    db.session.commit()
    badge = f"/{page.slug}/components/{_first_component(db, page)}/badge.svg"
    for url in (f"/{page.slug}/", f"/{page.slug}/api/v2/summary.json", badge):
        assert client.get(url).status_code == 200, url


def _first_component(db, page: Page) -> str:  # noqa: ANN001
    return db.session.scalar(
        sa.select(Component.id).filter_by(page_id=page.id).order_by(Component.name)
    )


class _Dates(FlaskForm):
    class Meta:
        csrf = False

    day = DayField("Day")
    at = LocalDateTimeField("At")


# Text shaped like dates and times, broken in every way, and anything at all.
_date_like = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}([T ]\d{1,3}:\d{1,3}(:\d{1,3})?)?\Z"),
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(str),
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(day=_date_like, at=_date_like, time_zone=st.sampled_from(TIME_ZONES))
def test_date_and_time_parsing_never_raises_past_the_form(app, day, at, time_zone):
    """Whatever is typed, the form takes it or says why; converting what it took
    to UTC either works or is a ValidationError with a message."""
    with app.test_request_context(method="POST", data={"day": day, "at": at}):
        form = _Dates()
        if not form.validate():
            assert all(isinstance(e, str) for e in form.errors.get("day", []))
            return
        try:
            form.at.utc(time_zone)
        except ValidationError as error:
            refusal = error.message
            assert refusal  # noqa: PT017 - either outcome is right; a silent one is not


@settings(max_examples=300, deadline=None)
@given(text=_date_like)
def test_the_api_reads_any_time_or_names_the_field(text):
    """The API's time fields: a value in the window, or a 422 naming the field."""
    try:
        note = validate(NoteCreate, {"body": "x", "created_at": text})
    except ApiProblem as problem:
        named = [(problem.status, e["field"]) for e in problem.extra["errors"]]
        assert named == [(422, "created_at")]  # noqa: PT017 - either outcome is right
    else:
        assert EARLIEST_DAY <= note.created_at.date() <= LATEST_DAY
