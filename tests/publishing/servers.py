"""Real processes on loopback: Beacon under gunicorn, its worker, and nginx.

Each is started as production starts it (gunicorn.conf.py, ``flask worker``,
the site ``flask publish nginx-conf`` writes) and stopped at the end of the
``with`` block. Without nginx these tests skip, unless BEACON_REQUIRE_NGINX is
set (CI sets it, so there they fail instead).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.accounts.api_tokens import create_token
from app.extensions import db
from app.incidents.service import declare_incident
from app.models import Page, TokenScope, User
from app.publishing.nginx import BROTLI_MODULE
from tests.fixtures.app import base_config

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def host_settings(database: str, base_url: str, directory: Path, **extra: str) -> dict:
    """The environment of one Beacon host, as an operator would export it."""
    return {
        "DATABASE_URL": database,
        "BASE_URL": base_url,
        "SECRET_KEY": "test",
        "PUBLISH_DIR": str(directory / "public"),
        "BEACON_HUEY_SQLITE_PATH": str(directory / "huey.db"),
        "BEACON_HUEY_NAME": f"beacon-test-{uuid.uuid4().hex[:8]}",
        **extra,
    }


def in_process_config(settings: Mapping[str, str]) -> dict:
    """Settings for an app in the test process that shares the hosts' data and queue."""
    config = {
        **base_config(settings["DATABASE_URL"]),
        "SERVER_NAME": None,
        "HUEY_IMMEDIATE": False,
        "BASE_URL": settings["BASE_URL"],
        "PUBLISH_DIR": settings["PUBLISH_DIR"],
        "HUEY_SQLITE_PATH": settings["BEACON_HUEY_SQLITE_PATH"],
        "HUEY_NAME": settings["BEACON_HUEY_NAME"],
        "PUBLISH_ON_WRITE": settings.get("PUBLISH_ON_WRITE", "1") == "1",
    }
    if "REDIS_URL" in settings:
        config["REDIS_URL"] = settings["REDIS_URL"]
    return config


def require_nginx() -> None:
    if Path(NGINX).exists():
        return
    if os.environ.get("BEACON_REQUIRE_NGINX"):
        pytest.fail("needs Debian's nginx (apt-get install nginx)")
    pytest.skip("needs Debian's nginx")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``: its status, headers and body, errors included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_answering(url: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answered on {url}")


@contextmanager
def running(
    args: list[str], env: Mapping[str, str], log: Path
) -> Iterator[subprocess.Popen]:
    with open(log, "ab") as output:
        process = subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    target: str, port: int, env: Mapping[str, str], log: Path, workers: int | None = 1
) -> Iterator[subprocess.Popen]:
    """``target`` under gunicorn.conf.py on 127.0.0.1:``port`` (None: its workers)."""
    args = [
        str(BIN / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        target,
    ]
    if workers is not None:
        args[3:3] = ["--workers", str(workers)]
    with running(args, env, log) as process:
        wait_until_answering(f"http://127.0.0.1:{port}/", process)
        yield process


def beacon_web(port: int, env: Mapping[str, str], log: Path, workers: int | None = 1):
    """Beacon under gunicorn.conf.py (one worker process unless told) on ``port``."""
    return gunicorn("wsgi:app", port, env, log, workers)


@contextmanager
def beacon_worker(
    env: Mapping[str, str], log: Path, processes: int = 1
) -> Iterator[subprocess.Popen]:
    """``flask worker``: runs the tasks the app queues (publishes, deliveries)."""
    args = [str(BIN / "flask"), "--app", "wsgi", "worker", "--threads", "2"]
    args += ["--processes", str(processes)]
    with running(args, env, log) as process:
        wait_for_line(log, "Huey consumer started", process, times=processes)
        yield process


def wait_for_line(
    log: Path, line: str, process: subprocess.Popen, times: int = 1
) -> None:
    """Wait until ``process`` has written ``line`` to ``log`` (``times`` times)."""
    deadline = time.monotonic() + 20
    while log.read_text(errors="replace").count(line) < times:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args} did not write {line!r} in 20 s")
        time.sleep(0.05)


def nginx_main_config(workdir: Path, site: str) -> str:
    """A whole nginx.conf around ``site``, everything kept inside ``workdir``."""
    module = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
    user = "user root;" if os.geteuid() == 0 else ""  # as root, workers may read tmp
    temp = " ".join(
        f"{kind}_temp_path {workdir}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{module}\n{user}\nworker_processes 1;\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n access_log off;\n {temp}\n{site}\n}}\n"
    )


def check_nginx_config(site: str, workdir: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``site``: whether nginx would start with it."""
    config = workdir / "nginx.conf"
    config.write_text(nginx_main_config(workdir, site))
    return subprocess.run(
        [NGINX, "-t", "-p", str(workdir), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def nginx(site: str, workdir: Path, port: int) -> Iterator[str]:
    """Debian's nginx serving ``site`` (which listens on ``port``); yields its URL."""
    require_nginx()
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "nginx.conf"
    config.write_text(nginx_main_config(workdir, site))
    args = [NGINX, "-p", str(workdir), "-c", str(config), "-g", "daemon off;"]
    with running(args, {}, workdir / "nginx.out") as process:
        wait_until_answering(f"http://127.0.0.1:{port}/static/css/site.css", process)
        yield f"http://127.0.0.1:{port}"


def post_json(url: str, body: dict, token: str) -> tuple[int, bytes]:
    """POST ``body`` as JSON with a bearer token: the status and the answer."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def scratch_database(database_url: str, directory: Path) -> Iterator[str]:
    """A database other processes can open, dropped at the end (or by the test)."""
    if database_url == "sqlite://":
        yield f"sqlite:///{directory / 'beacon.db'}"
        return
    url = sa.make_url(database_url)
    name = f"{url.database}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def take_database_down(url: str) -> None:
    """Make ``url`` unreachable for good: the file removed, the database dropped."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = sa.create_engine(
        parsed.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    drop_database(admin, parsed.database or "")
    admin.dispose()


def seed_acme() -> str:
    """The page "acme" with one unresolved incident; returns an API token's secret."""
    page = Page(slug="acme", name="Acme Hosting")
    owner = User(email="bot@example.com", name="Deploy Bot")
    db.session.add_all([page, owner])
    db.session.flush()
    declare_incident(page, "Checkout is failing", "We are investigating.")
    _, secret = create_token(owner, "ci", TokenScope.WRITE)
    db.session.commit()
    return secret


def post_acme_update(base: str, token: str, message: str) -> None:
    """Post ``message`` on acme's unresolved incident through the admin API."""
    _, _, body = get(f"{base}/acme/api/v2/incidents/unresolved.json")
    incident_id = json.loads(body)["incidents"][0]["id"]
    status, answer = post_json(
        f"{base}/api/v1/incidents/{incident_id}/updates",
        {"status": "identified", "message": message},
        token,
    )
    assert status == 201, answer
