"""Real servers on 127.0.0.1: SMTP (aiosmtpd) and a webhook receiver (http.server)."""

import email
import email.policy
import json
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.models import Channel, Page, Subscriber
from app.models.base import utcnow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """An aiosmtpd handler that keeps every message and can refuse recipients."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.rcpt_answer: str | None = None  # e.g. "451 4.3.0 Try again later"
        self.controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answer:
            return self.rcpt_answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


class WebhookReceiver(BaseHTTPRequestHandler):
    """Records each POST and answers with the next scripted status code."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server: Any = self.server
        server.requests.append({"headers": dict(self.headers), "body": body})
        code = server.answers.pop(0) if server.answers else 200
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook_server() -> Iterator[Any]:
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), WebhookReceiver)
    server.requests, server.answers = [], []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/status"
    server.json = lambda i: json.loads(server.requests[i]["body"])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SmtpSink) -> dict[str, Any]:
    return app_config | {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp.port,
        "MAIL_DEFAULT_SENDER": "APC Status <status@status.test>",
        "SMTP_TIMEOUT_SECONDS": 5,
        "WEBHOOK_TIMEOUT_SECONDS": 5,
    }


@pytest.fixture
def manual_worker(app, tmp_path) -> None:
    """Queue tasks to a file nobody consumes: the test drives the worker itself."""
    from app.core.tasks import task_queue

    app.config.update(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "q.db"))
    with app.app_context():
        assert not task_queue().huey.immediate


@pytest.fixture
def make_subscriber(db) -> Callable[..., Subscriber]:
    def make(page: Page, address: str | None = None, **overrides: Any) -> Subscriber:
        components = overrides.pop("components", None)
        fields = {
            "channel": Channel.EMAIL,
            "address": address or f"reader-{uuid.uuid4().hex[:6]}@example.org",
            "confirmed_at": utcnow(),
        } | overrides
        subscriber = Subscriber(page=page, **fields)
        subscriber.follow(components)
        db.session.add(subscriber)
        db.session.commit()
        return subscriber

    return make


def link_in(message: EmailMessage, path_part: str) -> str:
    """The first http(s) link containing ``path_part`` in the text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", text)
    assert match, text
    return match.group(0)
