"""Layered configuration: defaults, instance/config.py, environment, test overrides."""

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask


class DefaultConfig:
    """Safe defaults only; secrets come from the environment or instance/."""

    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BASE_URL = "http://localhost:5000"
    REDIS_URL: str | None = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Beacon <status@localhost>"
    HISTORY_MONTHS_PER_PAGE = 3
    UPTIME_DAYS = 90
    PAST_INCIDENT_DAYS = 14
    # Sign-in throttling (Flask-Limiter syntax), failed attempts only: per
    # account from one address, per address, and a ceiling per account from
    # everywhere, so strangers guessing cannot lock the owner out.
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute; 20 per hour"
    LOGIN_LIMIT_PER_ACCOUNT_CEILING = "100 per hour; 300 per day"
    LOGIN_LIMIT_PER_IP = "20 per minute; 100 per hour"
    # Subscriptions and notifications (docs/subscribers.md).
    SUBSCRIBE_LIMIT_PER_IP = "10 per minute; 50 per hour"
    SUBSCRIBE_LIMIT_PER_ADDRESS = "3 per hour; 10 per day"
    SUBSCRIBE_CONFIRM_MAX_AGE = 2 * 24 * 3600
    FEED_MAX_ENTRIES = 50
    HUEY_NAME = "beacon"
    HUEY_IMMEDIATE: bool | None = None  # None: immediate when TESTING
    HUEY_SQLITE_PATH: str | None = None  # None: instance/huey.db
    WORKER_THREADS = 4
    WORKER_PROCESSES = os.cpu_count() or 1  # of `flask worker`; see its --processes
    # How far below the web server's the worker's CPU priority is (see
    # docs/operations.md: 5 gave nginx more of a saturated host, and updates
    # took longer to show, so the default leaves them equal).
    WORKER_NICE = 0
    WORKER_POLL_SECONDS = 0.5
    DELIVERY_BATCH_SIZE = 100
    DELIVERY_MAX_ATTEMPTS = 6
    DELIVERY_RETRY_BASE_SECONDS = 30
    DELIVERY_RETRY_MAX_SECONDS = 3600
    # Renewed every third of it while a batch is sent (notifications/delivery.py).
    DELIVERY_LEASE_SECONDS = 20
    DELIVERY_RETENTION_DAYS = 90
    SMTP_TIMEOUT_SECONDS = 30
    WEBHOOK_TIMEOUT_SECONDS = 10
    WEBHOOK_DISABLE_AFTER = 10
    # Request bodies: at most this (the largest is a logo or a CSV import, and
    # deploy/nginx.conf says 4m too); JSON bodies at most JSON_MAX_BYTES.
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    JSON_MAX_BYTES = 256 * 1024
    SUBSCRIBER_IMPORT_MAX_BYTES = 2 * 1024 * 1024  # about 40,000 addresses
    LOGO_MAX_BYTES = 1024 * 1024  # before shrinking; a stored logo is far smaller
    # Webhooks reach public addresses only (app/notifications/webhook_urls.py),
    # and these networks besides (CIDRs, e.g. ["10.20.0.0/16"] for an internal
    # receiver staff set up; env: WEBHOOK_ALLOWED_NETWORKS=10.20.0.0/16,...).
    WEBHOOK_ALLOWED_NETWORKS: list[str] = []
    # Public renders (app/public/cache.py): kept until the page changes, at most
    # this long (the day bars roll over at midnight), in this much memory.
    PUBLIC_CACHE_SECONDS = 60
    PUBLIC_CACHE_BYTES = 64 * 1024 * 1024
    # The agency's look on its reports (app/reports/agency.py): its name, a
    # logo file (PNG, JPEG or SVG) and a colour (#rrggbb); none by default.
    AGENCY_NAME: str | None = None
    AGENCY_LOGO: str | None = None
    AGENCY_COLOR: str | None = None
    # "/" lists every public page with its status; off for an agency that does
    # not want its clients listed (then "/" is a 404; env: PUBLIC_DIRECTORY=0).
    PUBLIC_DIRECTORY = True
    # Pieces of renders kept across them (app/public/fragments.py): this much
    # memory in each process, as long as whole renders.
    FRAGMENT_CACHE_BYTES = 16 * 1024 * 1024
    # Replay the final bytes of cache hits before Flask (app/public/fast_path.py).
    PUBLIC_FAST_PATH = True
    # What browsers, proxies and CDNs may do with them (app/http_cache.py):
    # fresh 30 s, then served stale while revalidating: an update shows in 60 s.
    PUBLIC_MAX_AGE = 30
    PUBLIC_STALE_WHILE_REVALIDATE = 30
    PUBLIC_STALE_IF_ERROR = 24 * 3600
    # Publish on write (app/publishing/, docs/operations.md): every change
    # republishes its page as files under PUBLISH_DIR (None: instance/public).
    PUBLISH_ON_WRITE = True
    PUBLISH_DIR: str | None = None


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _as_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


# Environment variable -> (config key, parser). Plain names, as operators expect.
ENV_SETTINGS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "BASE_URL": ("BASE_URL", str),
    "REDIS_URL": ("REDIS_URL", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _as_bool),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _as_bool),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", _as_bool),
    "PUBLISH_DIR": ("PUBLISH_DIR", str),
    "PUBLISH_ON_WRITE": ("PUBLISH_ON_WRITE", _as_bool),
    "PUBLIC_DIRECTORY": ("PUBLIC_DIRECTORY", _as_bool),
    "AGENCY_NAME": ("AGENCY_NAME", str),
    "AGENCY_LOGO": ("AGENCY_LOGO", str),
    "AGENCY_COLOR": ("AGENCY_COLOR", str),
    "WEBHOOK_ALLOWED_NETWORKS": ("WEBHOOK_ALLOWED_NETWORKS", _as_list),
}


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Apply every configuration layer to ``app``; the last layer wins."""
    app.config.from_object(DefaultConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = _default_database_uri(app)
    app.config.from_pyfile("config.py", silent=True)
    _load_environment(app)
    app.config.from_prefixed_env("BEACON")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _default_database_uri(app: Flask) -> str:
    return f"sqlite:///{Path(app.instance_path) / 'beacon.db'}"


def _load_environment(app: Flask) -> None:
    for name, (key, parse) in ENV_SETTINGS.items():
        value = os.environ.get(name)
        if value not in (None, ""):
            app.config[key] = parse(value)


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs (as Heroku-style hosts give them) at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _instance_secret_key(instance: Path) -> str:
    """Read the generated key from instance/, creating it once on first start."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL so two workers starting at once cannot write different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
