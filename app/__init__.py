"""Beacon: status pages and incident reports."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build a configured Beacon application; never touches the database."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    _register_extensions(app)
    _register_blueprints(app)
    _register_custom_hosts(app)
    _register_cli(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    _register_security_headers(app)
    return app


def _register_extensions(app: Flask) -> None:
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.sqlite import use_wal
    from app.tasks import init_tasks

    use_wal()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app)
    login_manager.init_app(app)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://"
    )
    limiter.init_app(app)
    init_tasks(app)


def _register_blueprints(app: Flask) -> None:
    from app import admin, api, auth, feeds, public
    from app.api import v1
    from app.extensions import csrf

    app.register_blueprint(public.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(v1.bp)
    csrf.exempt(v1.bp)  # bearer tokens only: no cookies, so no CSRF to fear
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)


def _register_custom_hosts(app: Flask) -> None:
    from app.public.hosts import register_custom_hosts

    register_custom_hosts(app)  # after every blueprint: it mirrors their routes


def _register_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)


def _register_error_handlers(app: Flask) -> None:
    from app.errors import register_error_handlers

    register_error_handlers(app)


def _register_template_helpers(app: Flask) -> None:
    from app.template_helpers import register_template_helpers

    register_template_helpers(app)


def _register_security_headers(app: Flask) -> None:
    from app.security import register_security_headers

    register_security_headers(app)
