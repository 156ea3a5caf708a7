"""`flask console seed-defaults` writes the policies and templates once."""

import sqlalchemy as sa

from app.models import CommunicationTemplate, SeverityPolicy


def test_seed_defaults_twice(runner, db):
    first = runner.invoke(args=["console", "seed-defaults"])
    assert first.exit_code == 0
    assert "Added 4 severity policies and 5 templates." in first.output
    second = runner.invoke(args=["console", "seed-defaults"])
    assert "Added 0 severity policies and 0 templates." in second.output
    assert db.session.scalar(sa.select(sa.func.count(SeverityPolicy.id))) == 4
    count = db.session.scalar(sa.select(sa.func.count(CommunicationTemplate.id)))
    assert count == 5
