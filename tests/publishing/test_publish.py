"""Publish on write: a page's public URLs as files, by host and path, kept exact."""

import gzip
import json
from datetime import UTC, datetime, timedelta

import brotli

from app.core.tasks import task_queue
from app.incidents.service import post_incident_update
from app.models import ComponentStatus, IncidentStatus
from app.pages.domains import add_domain
from app.publishing import files, publisher
from app.publishing.triggers import pending_key, request_publish


def _read(publish_dir, relative: str) -> str:
    return (publish_dir / "hosts" / relative).read_text()


def test_a_new_incident_is_published_with_its_page(
    db, page, make_incident, publish_dir
):
    incident = make_incident(page, "Checkout is failing")
    home = f"status.test/{page.slug}/index.html"
    assert "Checkout is failing" in _read(publish_dir, home)
    permalink = f"status.test/{page.slug}/incidents/{incident.id}/index.html"
    assert "Checkout is failing" in _read(publish_dir, permalink)
    summary = json.loads(
        _read(publish_dir, f"status.test/{page.slug}/api/v2/summary.json")
    )
    assert summary["incidents"][0]["name"] == "Checkout is failing"
    assert "Checkout is failing" in _read(
        publish_dir, f"status.test/{page.slug}/history.atom"
    )


def test_every_file_has_compressed_twins_of_the_same_bytes(
    db, page, make_incident, publish_dir
):
    make_incident(page, "Checkout is failing")
    home = publish_dir / "hosts" / f"status.test/{page.slug}/index.html"
    identity = home.read_bytes()
    assert gzip.decompress(home.with_name("index.html.gz").read_bytes()) == identity
    assert brotli.decompress(home.with_name("index.html.br").read_bytes()) == identity


def test_the_files_hold_what_the_app_answers(
    db, client, page, make_incident, publish_dir
):
    make_incident(page, "Checkout is failing")
    for url, relative in [
        (f"/{page.slug}/", "index.html"),
        (f"/{page.slug}/history", "history/index.html"),
        (f"/{page.slug}/api/v2/status.json", "api/v2/status.json"),
    ]:
        answered = client.get(url, headers={"Accept-Encoding": "identity"}).data
        assert (
            publish_dir / "hosts/status.test" / page.slug / relative
        ).read_bytes() == answered


def test_an_update_republishes_the_page(db, page, make_incident, publish_dir):
    incident = make_incident(page, "Checkout is failing")
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "A bad deploy, rolled back."
    )
    db.session.commit()
    assert "A bad deploy, rolled back." in _read(
        publish_dir, f"status.test/{page.slug}/index.html"
    )


def test_a_resolved_incident_leaves_its_permalink_to_the_app(
    db, page, make_incident, publish_dir
):
    incident = make_incident(page, "Checkout is failing")
    permalink = (
        publish_dir / "hosts" / f"status.test/{page.slug}/incidents/{incident.id}"
    )
    assert (permalink / "index.html").exists()
    post_incident_update(incident, IncidentStatus.RESOLVED, "Fixed.")
    db.session.commit()
    assert not permalink.exists()  # the app (and its cache) answers for it now
    assert "Fixed." in _read(publish_dir, f"status.test/{page.slug}/index.html")


def test_a_custom_domain_gets_the_page_at_its_root(db, page, publish_dir):
    add_domain(page, "status.client.example", {"status.test"})
    db.session.commit()
    assert page.name in _read(publish_dir, "status.client.example/index.html")
    assert (publish_dir / "hosts/status.client.example/api/v2/summary.json").exists()


def test_a_renamed_slug_or_a_hidden_page_leaves_nothing_behind(db, page, publish_dir):
    page.name = "Acme"
    db.session.commit()
    old = publish_dir / "hosts/status.test" / page.slug
    assert (old / "index.html").exists()
    page.slug = "acme-renamed"
    db.session.commit()
    assert not old.exists()
    assert (publish_dir / "hosts/status.test/acme-renamed/index.html").exists()
    page.is_public = False
    db.session.commit()
    assert not (publish_dir / "hosts/status.test/acme-renamed").exists()
    assert not list((publish_dir / "state").glob("*.json"))


def test_a_deleted_page_leaves_nothing_behind(db, page, make_incident, publish_dir):
    make_incident(page)
    db.session.delete(page)
    db.session.commit()
    assert not (publish_dir / "hosts/status.test" / page.slug).exists()


def test_a_publish_already_waiting_is_not_queued_twice(db, page, app):
    queue = task_queue()
    ran = []
    queue.tasks["publish"] = lambda page_id: ran.append(page_id)
    queue.huey.put(pending_key(page.id), b"1")  # one is waiting in the queue
    request_publish(page.id)
    assert ran == []
    queue.huey.get(pending_key(page.id))  # the task took it: the next one queues
    request_publish(page.id)
    assert ran == [page.id]


def test_the_sweep_publishes_what_the_queue_missed(db, app, page, publish_dir):
    app.config["PUBLISH_ON_WRITE"] = False  # commits queue nothing
    page.name = "Written while the queue was down"
    db.session.commit()
    home = f"status.test/{page.slug}/index.html"
    assert "Written while the queue was down" not in _read(publish_dir, home)
    assert [r.page_id for r in publisher.publish_stale(datetime.now(UTC))] == [page.id]
    assert "Written while the queue was down" in _read(publish_dir, home)
    assert publisher.publish_stale(datetime.now(UTC)) == []  # nothing is behind now


def test_the_sweep_republishes_at_the_page_s_local_midnight(
    db, app, make_page, publish_dir
):
    page = make_page(time_zone="Asia/Tokyo")
    publisher.publish_page(page.id)
    state = json.loads((publish_dir / "state" / f"{page.id}.json").read_text())
    midnight = datetime.fromisoformat(state["next_at"])
    assert (midnight.hour, midnight.minute) == (15, 0)  # 00:00 in Tokyo is 15:00 UTC
    assert publisher.publish_stale(midnight - timedelta(seconds=1)) == []
    assert [r.page_id for r in publisher.publish_stale(midnight)] == [page.id]


def test_an_upcoming_maintenance_window_republishes_when_it_starts(
    db, page, make_maintenance, publish_dir
):
    window = make_maintenance(page, starts_in=timedelta(minutes=30))
    state = json.loads((publish_dir / "state" / f"{page.id}.json").read_text())
    assert datetime.fromisoformat(state["next_at"]) == window.scheduled_for


def test_news_posted_mid_publish_reaches_the_status_page_first(
    app, db, page, make_incident, publish_dir, monkeypatch
):
    incident = make_incident(page, "Checkout is failing")
    app.config["PUBLISH_ON_WRITE"] = False  # this test publishes by hand
    write_body, posted = files.write_body, []

    def staff_post_once_history_is_written(relative: str, body):  # noqa: ANN001
        written = write_body(relative, body)
        if relative.endswith("/history/index.html") and not posted:
            post_incident_update(incident, IncidentStatus.IDENTIFIED, "Rolled back.")
            db.session.commit()
            posted.append(relative)
        return written

    monkeypatch.setattr(files, "write_body", staff_post_once_history_is_written)
    publisher.publish_page(page.id)
    assert posted
    assert "Rolled back." in _read(publish_dir, f"status.test/{page.slug}/index.html")
    assert "Rolled back." in _read(
        publish_dir, f"status.test/{page.slug}/incidents/{incident.id}/index.html"
    )
    state = json.loads((publish_dir / "state" / f"{page.id}.json").read_text())
    assert state["version"] < page.content_version  # the rest is older: due again
    publisher.publish_current(page.id)
    state = json.loads((publish_dir / "state" / f"{page.id}.json").read_text())
    assert state["version"] == page.content_version


def test_badges_are_rendered_again_only_when_a_component_changes(
    db, page, make_component, make_incident, publish_dir, monkeypatch
):
    site = make_component(page, name="Website")
    incident = make_incident(page, "Checkout is failing")
    badge = f"status.test/{page.slug}/components/{site.id}/badge.svg"
    rendered, publish = [], publisher._publish

    def counted(target):  # noqa: ANN001, ANN202
        rendered.append(target.path)
        return publish(target)

    monkeypatch.setattr(publisher, "_publish", counted)
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "A bad deploy.")
    db.session.commit()
    assert rendered  # the page was published again ...
    assert not [path for path in rendered if path.endswith("/badge.svg")
                and "/components/" in path]  # fmt: skip
    assert "Operational" in _read(publish_dir, badge)  # ... and the badge kept
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "Worse.",
        component_statuses={site: ComponentStatus.MAJOR_OUTAGE},
    )  # fmt: skip
    db.session.commit()
    assert "Major Outage" in _read(publish_dir, badge)
