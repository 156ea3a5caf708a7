from pathlib import Path

from app import create_app
from app.config import normalise_database_url


def test_test_config_overrides_defaults():
    assert not create_app().testing
    assert create_app({"TESTING": True, "SECRET_KEY": "x"}).testing


def test_environment_configures_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/beacon")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/beacon"


def test_default_database_lives_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    expected = Path(app.instance_path) / "beacon.db"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_secret_key_generated_once_into_instance(tmp_path, monkeypatch):
    from app import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config._instance_secret_key(tmp_path)
    assert first == config._instance_secret_key(tmp_path)
    assert len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
