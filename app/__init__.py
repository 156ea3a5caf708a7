"""Beacon: status pages and incident reports."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from app import admin, api, auth, feeds, public
from app import tasks as _tasks  # noqa: F401  (every capability's tasks register)
from app.api import v1
from app.cli import register_commands
from app.config import load_config
from app.core.sqlite import use_wal
from app.core.tasks import init_tasks
from app.errors import register_error_handlers
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.input_guard import register_input_guard
from app.notifications import fanout, outbox
from app.pages import uptime_rollup, versions
from app.pages.public.hosts import register_custom_hosts
from app.public.cache import init_render_cache
from app.public.fast_path import register_fast_path
from app.publishing import triggers as publishing
from app.routes import attach_views
from app.security import register_security_headers
from app.template_helpers import register_template_helpers

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
    register_fast_path(app)  # cache hits replayed before Flask ...
    # ... inside this: after every blueprint, it mirrors their routes ...
    register_custom_hosts(app)
    register_input_guard(app)  # ... and outside all: what no database stores
    register_commands(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    return app


def _register_extensions(app: Flask) -> None:
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
    init_render_cache(app)
    versions.listen_for_flushes()  # visible changes bump their page's version
    uptime_rollup.listen_for_flushes()  # history rewritten: sum those days again
    outbox.listen_for_commits()  # wake the workers after each commit that queued mail
    fanout.connect_signals()  # domain events -> subscriber notifications
    publishing.listen_for_commits()  # changed pages -> their published files


def _register_blueprints(app: Flask) -> None:
    attach_views()
    app.register_blueprint(public.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(v1.bp)
    csrf.exempt(v1.bp)  # bearer tokens only: no cookies, so no CSRF to fear
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
