"""Concurrent edits lose nothing: the workbook remembers each entry as it was downloaded (its version and a
fingerprint of what the file showed), so an upload never overwrites an edit made in the portal after the download,
and leaves alone an entry the file did not change."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reporting.models import ReportEntry
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, edit, row_of, set_cells, snapshot, upload, upload_url


def _edit_in_portal(world: Any, report_id: int, entry_id: int, **fields: Any) -> dict[str, Any]:
    """An edit through the API's entry PATCH, from the version the API shows now."""
    api = factories.api(world.reporter)
    url = flow.entry_url(report_id, entry_id)
    response = api.patch(url, {"version": api.get(url).json()["version"], **fields}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def _cell(data: bytes, entry_id: int, key: str) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Attendance"]
    return f"Attendance!{get_column_letter(column_of(sheet, key))}{row_of(sheet, entry_id)}"


def _stored(world: Any, report_id: int, entry_id: int) -> dict[str, Any]:
    return next(row for row in flow.entries(world, report_id) if row["id"] == entry_id)


@pytest.fixture
def two_entries(world):
    """A draft with two clients' entries: (report, first entry id, second entry id)."""
    second = factories.make_order(world.line, worker=world.social_worker)
    report = flow.create(world)
    first_entry = ReportEntry.objects.get(report_id=report["id"], service_order=world.order)
    second_entry = ReportEntry.objects.get(report_id=report["id"], service_order=second)
    return report, first_entry.pk, second_entry.pk


def test_an_upload_does_not_overwrite_an_entry_edited_through_the_api_after_the_download(world):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])
    downloaded = download(world.reporter, report["id"])
    _edit_in_portal(world, report["id"], entry.pk, notes="Soitettu asiakkaalle 12.10.")
    data = edit(downloaded, set_cells(entry.pk, d05="L", hours_d05=4))
    before = snapshot()

    preview = upload(world.reporter, report["id"], data, dry_run=True)
    response = upload(world.reporter, report["id"], data)

    assert preview.status_code == 409, preview.json()
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "stale_version"
    assert body["detail"].startswith(
        "The workbook is out of date: 1 entry in it was changed in the portal after the download, at "
        f"{_cell(data, entry.pk, 'client')} ({world.order.client.last_name}, {world.order.client.first_name})."
    )
    assert "Download the workbook again" in body["detail"]
    assert body["detail"].endswith("Nothing was changed.")
    [finding] = body["findings"]
    assert (finding["code"], finding["entry"], finding["location"]) == (
        "stale_version",
        entry.pk,
        _cell(data, entry.pk, "client"),
    )
    assert f"decision {world.order.decision_number}" in finding["message"]
    assert snapshot() == before
    stored = _stored(world, report["id"], entry.pk)
    assert stored["notes"] == "Soitettu asiakkaalle 12.10."
    assert [day["date"] for day in stored["days"]] == ["2026-10-01", "2026-10-02"]


def test_the_refusal_is_in_the_users_language(world):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])
    downloaded = download(world.reporter, report["id"])
    _edit_in_portal(world, report["id"], entry.pk, notes="Muutettu")
    data = edit(downloaded, set_cells(entry.pk, d05="L"))

    def refusal(language: str) -> dict[str, Any]:
        file = io.BytesIO(data)
        file.name = "report.xlsx"
        response = factories.api(world.reporter).post(
            upload_url(report["id"]), {"file": file}, format="multipart", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 409, response.json()
        return response.json()

    finnish, swedish = refusal("fi"), refusal("sv")

    assert "muutettu portaalissa" in finnish["detail"]
    assert "Lataa työkirja uudelleen" in finnish["detail"]
    assert "ändrats i portalen" in swedish["detail"]
    assert f"beslut {world.order.decision_number}" in swedish["findings"][0]["message"]


def test_the_upload_page_refuses_an_entry_changed_since_the_download_and_changes_nothing(world, client):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])
    downloaded = download(world.reporter, report["id"])
    _edit_in_portal(world, report["id"], entry.pk, units_delivered="3")
    data = edit(downloaded, set_cells(entry.pk, d05="S"))
    client.force_login(world.reporter)
    before = snapshot()
    file = io.BytesIO(data)
    file.name = "report.xlsx"

    response = client.post(f"/reports/{report['id']}/upload/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "was changed in the portal after" in page
    assert _cell(data, entry.pk, "client") in page
    assert 'name="confirm"' not in page
    assert snapshot() == before


def test_an_entry_edited_in_the_portal_after_the_preview_is_not_overwritten_on_confirmation(world, client):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="S"))
    client.force_login(world.reporter)
    file = io.BytesIO(data)
    file.name = "report.xlsx"
    preview = client.post(f"/reports/{report['id']}/upload/", {"file": file})
    assert 'name="confirm"' in preview.content.decode()
    _edit_in_portal(world, report["id"], entry.pk, notes="Välissä muutettu")
    before = snapshot()

    confirmed = client.post(
        f"/reports/{report['id']}/upload/", {"confirm": preview.context["digest"]}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert confirmed.status_code == 302
    assert snapshot() == before
    assert _stored(world, report["id"], entry.pk)["notes"] == "Välissä muutettu"


def test_reuploading_the_same_workbook_after_an_edit_elsewhere_to_a_different_entry_keeps_both(world, two_entries):
    report, first, second = two_entries
    data = edit(download(world.reporter, report["id"]), set_cells(first, d05="L", hours_d05=4))
    assert upload(world.reporter, report["id"], data).json()["changed_entries"] == 1
    _edit_in_portal(world, report["id"], second, notes="Muutettu portaalissa", units_delivered="3")
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["applied"], body["changed_entries"], body["unchanged_entries"]) == (False, 0, 2)
    assert snapshot() == before
    assert [(day["date"], day["hours"]) for day in _stored(world, report["id"], first)["days"]] == [
        ("2026-10-05", "4.00")
    ]
    assert (_stored(world, report["id"], second)["notes"], _stored(world, report["id"], second)["units_delivered"]) == (
        "Muutettu portaalissa",
        "3.00",
    )


def test_an_entry_changed_in_the_file_whose_version_did_not_move_applies(world, two_entries):
    report, first, second = two_entries
    downloaded = download(world.reporter, report["id"])
    edited_elsewhere = _edit_in_portal(world, report["id"], second, notes="Muutettu portaalissa")
    data = edit(downloaded, set_cells(first, d05="L", hours_d05=4, notes="Tiedostosta"))
    version = _stored(world, report["id"], first)["version"]

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["applied"], body["changed_entries"], body["unchanged_entries"]) == (True, 1, 1)
    applied = _stored(world, report["id"], first)
    assert (applied["version"], applied["notes"]) == (version + 1, "Tiedostosta")
    assert [(day["date"], day["status"], day["hours"]) for day in applied["days"]] == [
        ("2026-10-05", "present", "4.00")
    ]
    # The entry the file did not change keeps the edit made in the portal after the download.
    kept = _stored(world, report["id"], second)
    assert (kept["version"], kept["notes"]) == (edited_elsewhere["version"], "Muutettu portaalissa")


def test_reuploading_a_workbook_whose_entry_was_edited_again_in_the_portal_is_refused(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="L", hours_d05=4))
    assert upload(world.reporter, report["id"], data).json()["changed_entries"] == 1
    _edit_in_portal(world, report["id"], entry.pk, days=[{"date": "2026-10-05", "status": "sick"}])
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "stale_version"
    assert snapshot() == before
    assert [day["status"] for day in _stored(world, report["id"], entry.pk)["days"]] == ["sick"]


@pytest.mark.parametrize(
    "garbled",
    [None, "", "kolme", "3", "-1:0123456789abcdef", "1:not-a-fingerprint", 2.5, "99:0123456789abcdef"],
    ids=["empty", "blank", "text", "no-fingerprint", "negative", "bad-fingerprint", "number", "ahead-of-stored"],
)
def test_a_garbled_version_cell_is_a_cell_error_and_changes_nothing(world, garbled):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])

    def garble(book):
        sheet = book["Attendance"]
        sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "version")).value = garbled

    data = edit(download(world.reporter, report["id"]), garble)
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "upload_invalid"
    [finding] = body["findings"]
    assert (finding["code"], finding["entry"], finding["field"], finding["location"]) == (
        "version_invalid",
        entry.pk,
        "version",
        _cell(data, entry.pk, "version"),
    )
    client = world.order.client
    assert finding["message"] == (
        f"The hidden version cell on the row of {client.last_name}, {client.first_name} is missing or has been "
        "changed. Download the workbook again and copy your values into it."
    )
    assert snapshot() == before
