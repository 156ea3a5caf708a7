"""Every form of the admin area, posted with hostile values by a signed-in admin:
no answer is a server error, and a refusal changes no row."""

from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient

from tests.bad_input.routes import routes, row_counts, url_values

# What careless users and attackers type: empty, huge, far dates and numbers,
# markup, words where numbers belong, text beyond the Basic Multilingual Plane.
HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "9999-12-31",
    "0001-01-01T00:00",
    "-1",
    "99999999999999999999999",
    "1e309",
    "null",
    "<script>alert(1)</script>",
    "💥" * 50,
    "../../etc/passwd",
]
# Forms whose success is not a redirect: they show what was made (a secret once).
SUCCESS_PAGES = {"admin.webhook_create", "admin.webhook_rotate", "admin.token_create"}


class FormFields(HTMLParser):
    """The POST forms of a page: their action and their fields' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append({"action": a.get("action"), "fields": {}})
        elif not self.forms or a.get("name") is None:
            return
        elif tag in ("input", "textarea"):
            if a.get("type") in ("submit", "file"):
                return
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self.forms[-1]["fields"].setdefault(a["name"], None)
                return
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.forms[-1]["fields"][a["name"]] = ""
        if tag == "option" and self._select:
            self.forms[-1]["fields"].setdefault(self._select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _forms(app: Flask, client: FlaskClient) -> list[tuple[str, str, dict]]:
    """(endpoint, action, fields) of every POST form on every admin GET page."""
    found = []
    for route in routes(app, url_values(), methods={"GET"}):
        if not route.endpoint.startswith("admin.") or route.endpoint == "admin.logout":
            continue
        answer = client.get(route.url)
        if answer.status_code != 200 or answer.mimetype != "text/html":
            continue
        parser = FormFields()
        parser.feed(answer.text)
        for form in parser.forms:
            action = form["action"] or route.url
            if "logout" not in action and "delete" not in action:
                found.append((route.endpoint, action, form["fields"]))
    return found


def test_every_admin_form_survives_hostile_values(app, db, demo_admin):
    admin = demo_admin
    forms = _forms(app, admin)
    assert len(forms) > 30  # the walk found the console's forms
    problems = []
    for endpoint, action, fields in forms:
        for value in HOSTILE:
            data = {name: value for name, old in fields.items() if old is not None}
            before = row_counts()
            answer = admin.post(action, data=data)
            if answer.status_code >= 500:
                problems.append(f"{action} {value[:20]!r}: {answer.status_code}")
            elif answer.status_code < 300 and endpoint not in SUCCESS_PAGES:
                changed = {t for t, n in row_counts().items() if before[t] != n}
                if changed - {"audit_entries"}:
                    problems.append(f"{action} {value[:20]!r}: refused, yet {changed}")
    assert problems == []
