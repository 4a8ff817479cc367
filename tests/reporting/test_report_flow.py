"""A provider files a month, the city reviews it: the happy path through the API."""

from tests import factories


def test_a_provider_files_a_month_and_the_city_approves_it(world):
    provider_api = factories.api(world.reporter)
    created = provider_api.post(
        "/api/v1/reports/", {"contract": world.line.contract_id, "period": "2026-10"}, format="json"
    )
    assert created.status_code == 201, created.json()
    report = created.json()
    assert (
        provider_api.post(
            "/api/v1/reports/", {"contract": world.line.contract_id, "period": "2026-10"}, format="json"
        ).json()["id"]
        == report["id"]
    )
    entries = provider_api.get(f"/api/v1/reports/{report['id']}/entries/").json()
    assert [entry["service_order"] for entry in entries] == [world.order.pk]
    entry = entries[0]
    goal = world.order.goals.get()
    patched = provider_api.patch(
        f"/api/v1/reports/{report['id']}/entries/{entry['id']}/",
        {
            "version": entry["version"],
            "units_delivered": "2",
            "days": [
                {"date": "2026-10-01", "status": "present", "hours": "4.5"},
                {"date": "2026-10-02", "status": "sick", "hours": "0"},
            ],
            "goal_progress": [{"goal": goal.pk, "level": 1, "narrative": "Edistyy"}],
        },
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["work_share_amount"] == "9.00"
    assert [day["work_share_amount"] for day in patched.json()["days"]] == ["9.00", "0.00"]
    submitted = provider_api.post(f"/api/v1/reports/{report['id']}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == "submitted"
    approved = factories.api(world.monitor).post(
        f"/api/v1/reports/{report['id']}/approve/", {"version": submitted.json()["version"]}, format="json"
    )
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    again = provider_api.patch(
        f"/api/v1/reports/{report['id']}/entries/{entry['id']}/", {"version": 2, "notes": "x"}, format="json"
    )
    assert again.status_code == 409
    reopened = factories.api(world.monitor).post(
        f"/api/v1/reports/{report['id']}/reopen/", {"comment": "Tunnit väärin"}, format="json"
    )
    assert reopened.status_code == 201, reopened.json()
    assert reopened.json()["revision"] == 2
    assert reopened.json()["state"] == "draft"
    old = factories.api(world.monitor).get(f"/api/v1/reports/{report['id']}/").json()
    assert old["state"] == "approved"
    assert old["is_current"] is False
