"""The incident lifecycle: transitions, timestamps, component statuses on updates."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.incidents import lifecycle
from app.incidents.lifecycle import InvalidTransition, Stamps, check_transition, stamp
from app.incidents.service import post_incident_update
from app.models import (
    ComponentStatus,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    Visibility,
)

INV = IncidentStatus.INVESTIGATING
IDE = IncidentStatus.IDENTIFIED
MON = IncidentStatus.MONITORING
RES = IncidentStatus.RESOLVED
OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
T0 = datetime(2024, 3, 11, 5, 12, tzinfo=UTC)
MINUTE = timedelta(minutes=1)

# Every (current, target) pair an ordinary update may make.
ALLOWED = {
    (INV, INV),
    (INV, IDE),
    (INV, MON),
    (INV, RES),
    (IDE, IDE),
    (IDE, MON),
    (IDE, RES),
    (MON, INV),
    (MON, IDE),
    (MON, MON),
    (MON, RES),
    (RES, RES),
}
ALL_PAIRS = [(a, b) for a in IncidentStatus for b in IncidentStatus]


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transitions(current, target):
    check_transition(current, target)
    assert target in lifecycle.allowed_targets(current)


@pytest.mark.parametrize(
    ("current", "target"), [p for p in ALL_PAIRS if p not in ALLOWED]
)
def test_forbidden_transitions(current, target):
    with pytest.raises(InvalidTransition):
        check_transition(current, target)
    assert target not in lifecycle.allowed_targets(current)


def test_identified_cannot_step_back_to_investigating():
    with pytest.raises(InvalidTransition, match="cannot go from identified"):
        check_transition(IDE, INV)
    with pytest.raises(InvalidTransition):
        check_transition(IDE, INV, reopen=True)  # reopen is for resolved only


@pytest.mark.parametrize("target", [INV, IDE, MON])
def test_resolved_reopens_only_explicitly(target):
    with pytest.raises(InvalidTransition, match="reopened explicitly"):
        check_transition(RES, target)
    check_transition(RES, target, reopen=True)
    assert lifecycle.is_reopen(RES, target)


def test_allowed_targets_in_lifecycle_order():
    assert lifecycle.allowed_targets(INV) == [INV, IDE, MON, RES]
    assert lifecycle.allowed_targets(IDE) == [IDE, MON, RES]
    assert lifecycle.allowed_targets(MON) == [INV, IDE, MON, RES]
    assert lifecycle.allowed_targets(RES) == [RES]
    assert lifecycle.allowed_targets(RES, reopen=True) == [INV, IDE, MON, RES]
    assert not lifecycle.is_reopen(RES, RES)
    assert not lifecycle.is_reopen(MON, INV)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_stamps_forward_one_step_at_a_time():
    s = stamp(Stamps(), IDE, _at(10))
    assert s == Stamps(identified_at=_at(10))
    s = stamp(s, MON, _at(20))
    assert s == Stamps(_at(10), _at(20), None)
    s = stamp(s, RES, _at(30))
    assert s == Stamps(_at(10), _at(20), _at(30))


def test_repeated_states_keep_their_first_stamp():
    s = stamp(stamp(Stamps(), IDE, _at(10)), IDE, _at(15))
    assert s.identified_at == _at(10)
    s = stamp(stamp(s, MON, _at(20)), MON, _at(25))
    assert s.monitoring_at == _at(20)
    s = stamp(stamp(s, RES, _at(30)), RES, _at(35))
    assert s.resolved_at == _at(30)


def test_skipping_to_monitoring_stamps_identified_too():
    assert stamp(Stamps(), MON, _at(5)) == Stamps(_at(5), _at(5), None)


def test_resolving_straight_from_investigating_stamps_only_resolved():
    assert stamp(Stamps(), RES, _at(5)) == Stamps(None, None, _at(5))


def test_step_back_to_identified_clears_monitoring():
    s = stamp(Stamps(_at(10), _at(20), None), IDE, _at(30))
    assert s == Stamps(_at(10), None, None)


def test_step_back_to_investigating_clears_identified_and_monitoring():
    assert stamp(Stamps(_at(10), _at(20), None), INV, _at(30)) == Stamps()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (INV, Stamps()),
        (IDE, Stamps(_at(10), None, None)),
        (MON, Stamps(_at(10), _at(20), None)),
    ],
)
def test_reopen_clears_resolved(target, expected):
    resolved = Stamps(_at(10), _at(20), _at(30))
    assert stamp(resolved, target, _at(40)) == expected


# Incident.post_update: the lifecycle applied to a real incident.


@pytest.fixture
def site(make_component, page):
    return make_component(page, name="approcess.com")


@pytest.fixture
def other(make_component, page):
    return make_component(page, name="vletherapeutics.com")


@pytest.fixture
def incident(make_incident, page, site):
    return make_incident(page, components={site: MAJOR}, at=T0)


def test_declare_sets_statuses_and_first_update(incident, site, other):
    assert incident.status is INV
    assert site.status is MAJOR
    assert other.status is OP
    assert [(a.component, a.status) for a in incident.affected] == [(site, MAJOR)]
    (first,) = incident.updates
    assert first.status is INV
    assert first.created_at == first.display_at == T0
    assert first.affected_components == [
        {
            "code": site.id,
            "name": "approcess.com",
            "old_status": "operational",
            "new_status": "major_outage",
        }
    ]
    assert incident.identified_at is incident.monitoring_at is None
    assert incident.resolved_at is None


def test_post_update_applies_component_statuses_in_one_go(db, incident, site, other):
    update = incident.post_update(
        IDE,
        "Found it.",
        component_statuses={site: PARTIAL, other: DEGRADED},
        at=_at(10),
    )
    db.session.commit()
    assert (site.status, other.status) == (PARTIAL, DEGRADED)
    # The incident remembers the worst each one had: the site was down first.
    assert {a.component.name: a.status for a in incident.affected} == {
        "approcess.com": MAJOR,
        "vletherapeutics.com": DEGRADED,
    }
    assert [
        (c["name"], c["old_status"], c["new_status"])
        for c in update.affected_components
    ] == [
        ("approcess.com", "major_outage", "partial_outage"),
        ("vletherapeutics.com", "operational", "degraded_performance"),
    ]
    assert incident.identified_at == _at(10)
    assert [c.status for c in site.status_changes] == [MAJOR, PARTIAL]
    assert all(c.incident_id == incident.id for c in site.status_changes)


def test_unchanged_component_is_not_listed_in_the_update(incident, site):
    update = incident.post_update(IDE, "Same.", component_statuses={site: MAJOR})
    assert update.affected_components == []
    assert len(site.status_changes) == 1


def test_resolve_returns_affected_components_to_operational(db, incident, site, other):
    incident.post_update(IDE, "Found.", component_statuses={other: DEGRADED}, at=_at(5))
    update = incident.post_update(RES, "Fixed.", at=_at(30))
    db.session.commit()
    assert site.status is OP
    assert other.status is OP
    assert incident.resolved_at == _at(30)
    assert {c["name"]: c["new_status"] for c in update.affected_components} == {
        "approcess.com": "operational",
        "vletherapeutics.com": "operational",
    }
    # The link keeps the status the component had during the incident.
    assert {a.component.name: a.status for a in incident.affected} == {
        "approcess.com": MAJOR,
        "vletherapeutics.com": DEGRADED,
    }


def test_resolve_keeps_a_status_given_explicitly(db, incident, site):
    incident.post_update(RES, "Mostly fixed.", component_statuses={site: DEGRADED})
    db.session.commit()
    assert site.status is DEGRADED
    assert incident.is_resolved


def test_resolve_leaves_unaffected_components_alone(db, page, make_component):
    broken = make_component(page, status=DEGRADED)
    incident = Incident(page=page, title="Unrelated")
    db.session.add(incident)
    incident.post_update(RES, "Done.")
    assert broken.status is DEGRADED


def test_forbidden_update_changes_nothing(db, incident, site):
    incident.post_update(RES, "Fixed.", at=_at(30))
    db.session.commit()
    with pytest.raises(InvalidTransition):
        incident.post_update(INV, "Again?", component_statuses={site: MAJOR})
    assert incident.status is RES
    assert site.status is OP
    assert len(incident.updates) == 2


def test_explicit_reopen(db, incident, site):
    incident.post_update(RES, "Fixed.", at=_at(30))
    update = post_incident_update(
        incident,
        INV,
        "It is down again.",
        component_statuses={site: MAJOR},
        reopen=True,
        at=_at(60),
    )
    db.session.commit()
    assert incident.status is INV
    assert incident.resolved_at is None
    assert site.status is MAJOR
    assert incident.updates[0] is update


def test_step_back_from_monitoring(db, incident):
    incident.post_update(MON, "Fix deployed.", at=_at(20))
    assert incident.monitoring_at == _at(20)
    assert incident.identified_at == _at(20)
    incident.post_update(IDE, "The fix did not hold.", at=_at(40))
    db.session.commit()
    assert incident.status is IDE
    assert incident.monitoring_at is None
    assert incident.identified_at == _at(20)


def test_updates_newest_first_and_internal_kept_out_of_public(db, incident):
    incident.post_update(
        INV, "Internal note.", visibility=Visibility.INTERNAL, at=_at(10)
    )
    incident.post_update(IDE, "Public news.", at=_at(20))
    db.session.commit()
    db.session.expire_all()
    bodies = [u.body for u in incident.updates]
    assert bodies[0] == "Public news."
    assert [u.body for u in incident.public_updates] == [
        "Public news.",
        "Investigating.",
    ]
    assert all(
        isinstance(u, IncidentUpdate) and u.is_public for u in incident.public_updates
    )


def test_signal_sent_after_flush(db, incident):
    from app.core import signals

    seen = []

    def listener(sender, update):
        seen.append((sender, update.id, update in db.session))

    with signals.incident_update_posted.connected_to(listener):
        update = post_incident_update(incident, IDE, "Found.")
    assert seen == [(incident, update.id, True)]


# Any sequence of updates, allowed or not, with or without "reopen".
_moves = st.lists(
    st.tuples(st.sampled_from(lifecycle.ORDER), st.booleans()), max_size=12
)


def _state(incident: Incident) -> tuple:
    stamps = (incident.identified_at, incident.monitoring_at, incident.resolved_at)
    return incident.status, stamps, len(incident.updates)


def _assert_consistent(incident: Incident) -> None:
    """The stamps say what the status says, in the order time went."""
    status = incident.status
    assert (incident.resolved_at is not None) == (status is RES)
    identified = incident.identified_at is not None
    monitoring = incident.monitoring_at is not None
    expected = {INV: (False, False), IDE: (True, False), MON: (True, True)}
    if status in expected:
        assert (identified, monitoring) == expected[status]
    stamps = [incident.identified_at, incident.monitoring_at, incident.resolved_at]
    present = [at for at in stamps if at is not None]
    assert present == sorted(present)
    assert incident.updates[0].status is status  # the newest update says where


@settings(max_examples=300, deadline=None)
@given(moves=_moves)
def test_no_sequence_of_updates_reaches_an_invalid_state(moves):
    incident = Incident(title="Any", status=INV)
    incident.post_update(INV, "Declared.", at=T0)
    for n, (target, reopen) in enumerate(moves, start=1):
        before = _state(incident)
        allowed = target in lifecycle.allowed_targets(incident.status, reopen=reopen)
        try:
            incident.post_update(target, "Next.", reopen=reopen, at=T0 + n * MINUTE)
        except InvalidTransition:
            assert not allowed
            assert _state(incident) == before  # a refused move changes nothing
        else:
            assert allowed
            assert incident.status is target
        _assert_consistent(incident)
