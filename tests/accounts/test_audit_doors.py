"""One audit path: the same update through the form, the API and the CLI.

The service that posts an update (``app.incidents.console.post_update``)
writes the audit entry; each door only says who acts and through which
channel, so the three entries differ in nothing else.
"""

import sqlalchemy as sa

from app.models import AuditEntry, ComponentStatus

MESSAGE = "The disk is full."


def _update_entry(db, incident) -> AuditEntry:
    query = sa.select(AuditEntry).where(
        AuditEntry.object_id == incident.id, AuditEntry.action != "create"
    )
    [entry] = db.session.scalars(query).all()
    return entry


def _through_the_form(admin_client, incident, site):
    response = admin_client.post(
        f"/admin/incidents/{incident.id}/updates/new",
        data={
            "status": "identified",
            "visibility": "public",
            "body": MESSAGE,
            f"component_{site.id}": "degraded_performance",
        },
    )
    assert response.status_code == 302


def _through_the_api(client, secret, incident, site):
    response = client.post(
        f"/api/v1/incidents/{incident.id}/updates",
        json={
            "status": "identified",
            "message": MESSAGE,
            "components": {site.id: "degraded_performance"},
        },
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.get_json()


def _through_the_cli(runner, incident, user):
    result = runner.invoke(
        args=[
            "incident", "update", incident.id, "--status", "identified",
            "-m", MESSAGE, "--component", "approcess.com=degraded_performance",
            "--by", user.email,
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_one_update_three_doors_three_entries_alike_but_for_the_channel(
    db, client, runner, admin_client, admin_user, make_page, make_component,
    make_incident, make_token,
):  # fmt: skip
    incidents, sites = [], []
    for slug in ("apc", "apc-2", "apc-3"):  # the same incident on three pages
        site = make_component(make_page(slug=slug), name="approcess.com")
        down = {site: ComponentStatus.MAJOR_OUTAGE}
        incidents.append(make_incident(site.page, components=down))
        sites.append(site)
    by_form, by_api, by_cli = incidents
    _, secret = make_token(owner=admin_user, name="deploy-bot")

    _through_the_form(admin_client, by_form, sites[0])
    _through_the_api(client, secret, by_api, sites[1])
    _through_the_cli(runner, by_cli, admin_user)

    entries = [_update_entry(db, i) for i in (by_form, by_api, by_cli)]
    summaries = [e.summary for e in entries]
    assert summaries == [
        "public identified update on “Website is down”",
        "public identified update on “Website is down” (via API token deploy-bot)",
        "public identified update on “Website is down” (via the command line)",
    ]
    alike = {(e.actor_id, e.actor_label, e.action, e.object_type) for e in entries}
    assert alike == {(admin_user.id, admin_user.email, "post_update", "incident")}
    assert [e.before for e in entries] == [entries[0].before] * 3
    assert [e.after for e in entries] == [entries[0].after] * 3
    assert entries[0].before == {
        "status": "investigating",
        "component approcess.com": "major_outage",
    }
    assert entries[0].after == {
        "status": "identified",
        "component approcess.com": "degraded_performance",
    }
