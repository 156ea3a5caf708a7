"""The Alembic migrations and the models describe the same schema, on both databases."""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from app.extensions import db as _db


def test_single_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_migrations_match_models(app):
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with _db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), _db.metadata)
        assert diff == []


def test_upgrading_to_uploaded_logos_keeps_every_page(app):
    """0002 rebuilds the pages table on SQLite: nothing in it may be lost."""
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="0001")
        with _db.engine.begin() as conn:
            pages = sa.Table("pages", sa.MetaData(), autoload_with=conn)
            conn.execute(pages.insert(), [_old_page(i) for i in range(3)])
        upgrade(revision="0002")
        with _db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, slug, name FROM pages ORDER BY id"))
            assert [tuple(row) for row in rows] == [
                (f"page{i}", f"client-{i}", f"Client {i}") for i in range(3)
            ]
            columns = {c["name"] for c in sa.inspect(conn).get_columns("pages")}
            assert "logo_url" not in columns


def _old_page(i: int) -> dict:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "id": f"page{i}",
        "slug": f"client-{i}",
        "name": f"Client {i}",
        "time_zone": "UTC",
        "is_public": True,
        "logo_url": "https://client.example/logo.png",
        "coverage_tier": "standard",
        "sla_minutes": 240,
        "created_at": now,
        "updated_at": now,
    }
