"""Two people editing the same entry from the same version: one wins, the other gets 409 and loses nothing of
the first (docs §13). Sequentially everywhere; with real concurrent transactions on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from tests import factories
from tests.reporting import flow


def _entry(world: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    report = flow.create(world)
    [entry] = flow.entries(world, report["id"])
    return report, entry


def test_an_edit_from_a_stale_version_gets_409_and_the_first_edit_is_kept(world):
    report, entry = _entry(world)
    first = {
        "version": entry["version"],
        "units_delivered": "3",
        "notes": "Ensimmäinen",
        "days": [{"date": "2026-10-01", "status": "present", "hours": "4"}],
    }
    second = {"version": entry["version"], "units_delivered": "5", "notes": "Toinen", "days": []}

    saved = factories.api(world.reporter).patch(flow.entry_url(report["id"], entry["id"]), first, format="json")
    stale = factories.api(world.provider_admin).patch(flow.entry_url(report["id"], entry["id"]), second, format="json")

    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == entry["version"] + 1
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["detail"]
    [stored] = flow.entries(world, report["id"])
    assert stored == saved.json()
    assert (stored["units_delivered"], stored["notes"]) == ("3.00", "Ensimmäinen")
    assert [(day["date"], day["hours"]) for day in stored["days"]] == [("2026-10-01", "4.00")]


def test_an_edit_from_the_new_version_is_saved(world):
    report, entry = _entry(world)
    api = factories.api(world.reporter)
    saved = api.patch(flow.entry_url(report["id"], entry["id"]), {"version": 1, "notes": "a"}, format="json").json()

    again = api.patch(
        flow.entry_url(report["id"], entry["id"]), {"version": saved["version"], "notes": "b"}, format="json"
    )

    assert again.status_code == 200
    assert (again.json()["notes"], again.json()["version"]) == ("b", 3)


def test_a_report_change_from_a_stale_version_gets_409(world):
    report, _ = _entry(world)
    api = factories.api(world.reporter)
    saved = api.patch(
        flow.report_url(report["id"]), {"version": report["version"], "invoice_number": "A"}, format="json"
    )

    stale = api.patch(
        flow.report_url(report["id"]), {"version": report["version"], "invoice_number": "B"}, format="json"
    )

    assert saved.status_code == 200
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    assert flow.detail(world, report["id"])["invoice_number"] == "A"


def test_a_stale_version_does_not_tell_an_unauthorised_user_anything(world):
    report, _ = _entry(world)

    response = factories.api(world.monitor).patch(
        flow.report_url(report["id"]), {"version": 99, "invoice_number": "X"}, format="json"
    )

    assert response.status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_of_the_same_entry_with_the_same_version_save_exactly_one(world):
    report, entry = _entry(world)
    url = flow.entry_url(report["id"], entry["id"])
    payloads = {
        world.reporter.pk: {"version": entry["version"], "units_delivered": "3.00", "notes": "Raportoija"},
        world.provider_admin.pk: {"version": entry["version"], "units_delivered": "7.00", "notes": "Pääkäyttäjä"},
    }
    users = [world.reporter, world.provider_admin]
    barrier = threading.Barrier(len(users))
    results: dict[int, tuple[int, Any]] = {}
    failures: list[BaseException] = []

    def edit(user: Any) -> None:
        try:
            client = factories.api(user)
            # Both read the same version before either writes.
            read = client.get(url)
            assert read.json()["version"] == entry["version"]
            barrier.wait(timeout=10)
            response = client.patch(url, payloads[user.pk], format="json")
            results[user.pk] = (response.status_code, response.json())
        except BaseException as exc:  # reported by the main thread, which owns the assertion
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not failures
    assert sorted(status for status, _ in results.values()) == [200, 409]
    [winner] = [user_id for user_id, (status, _) in results.items() if status == 200]
    [loser] = [body for status, body in results.values() if status == 409]
    assert loser["code"] == "stale_version"
    [stored] = flow.entries(world, report["id"])
    assert stored["version"] == entry["version"] + 1
    assert (stored["units_delivered"], stored["notes"]) == (
        payloads[winner]["units_delivered"],
        payloads[winner]["notes"],
    )
