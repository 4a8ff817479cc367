"""Uploading a filled workbook: a preview first, then all or nothing, through the same services as the API."""

from __future__ import annotations

import io

import openpyxl

from reporting.models import AttendanceDay, ReportEntry
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import download, edit, letter_of, row_of, set_cells, snapshot, upload


def test_an_uploaded_workbook_changes_the_entry_through_the_services(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="L", hours_d05=5, units_delivered=1))

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 200, response.json()
    assert response.json()["applied"] is True
    assert response.json()["changed_entries"] == 1
    entry.refresh_from_db()
    assert entry.version == 2
    assert entry.units_delivered == 1
    [day] = AttendanceDay.objects.filter(entry=entry)
    assert (str(day.date), day.status, day.hours, day.work_share_amount) == ("2026-10-05", "present", 5, 10)


def test_findings_of_the_applied_file_point_at_sheet_and_cell(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="S", hours_d05=3))

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 200, response.json()
    findings = {finding["code"]: finding for finding in response.json()["findings"]}
    hours_row = edit_row = None
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data))["Attendance"]
    hours_row, edit_row = row_of(sheet, entry.pk, "hours"), row_of(sheet, entry.pk)
    assert findings["work_hours_only_present"]["location"] == f"Attendance!{letter_of(sheet, 'd05')}{hours_row}"
    assert findings["goal_progress_missing"]["location"].startswith("Goals!G")
    assert edit_row == hours_row - 1


def test_the_preview_shows_the_findings_and_changes_nothing(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="S", hours_d05=3))
    before = snapshot()

    response = upload(world.reporter, report["id"], data, dry_run=True)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["dry_run"], body["applied"], body["changed_entries"]) == (True, False, 1)
    assert "work_hours_only_present" in {finding["code"] for finding in body["findings"]}
    assert snapshot() == before


def test_uploading_the_same_file_twice_changes_nothing_the_second_time(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="L", hours_d05=4))
    assert upload(world.reporter, report["id"], data).json()["changed_entries"] == 1
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 200
    assert (response.json()["applied"], response.json()["changed_entries"]) == (False, 0)
    assert snapshot() == before


def test_cell_errors_are_named_by_sheet_and_cell_and_nothing_changes(world):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])

    def change(book):
        set_cells(entry.pk, d06="X", hours_d02="lots", units_delivered=-1)(book)
        book["Goals"]["G3"] = 7

    data = edit(download(world.reporter, report["id"]), change)
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "upload_invalid"
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Attendance"]
    units = letter_of(sheet, "units_delivered")
    assert body["detail"].startswith(f"The workbook has 4 problems, the first at Attendance!{units}")
    entry_row = row_of(sheet, entry.pk)
    row = row_of(sheet, entry.pk, "hours")
    assert {(finding["location"], finding["field"]) for finding in body["findings"]} == {
        (f"Attendance!{units}{entry_row}", "units_delivered"),
        (f"Attendance!{letter_of(sheet, 'd06')}{entry_row}", "status"),
        (f"Attendance!{letter_of(sheet, 'd02')}{row}", "hours"),
        ("Goals!G3", "goal_progress"),
    }
    assert snapshot() == before


def test_nan_and_infinity_are_cell_errors_not_numbers(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(
        download(world.reporter, report["id"]),
        set_cells(entry.pk, d05="L", hours_d05="NaN", units_delivered="Infinity"),
    )
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 400
    assert {finding["field"] for finding in response.json()["findings"]} == {"units_delivered", "hours"}
    assert snapshot() == before


def test_the_upload_is_all_or_nothing(world):
    second = factories.make_order(world.line, worker=world.social_worker)
    report = flow.create(world)
    first_entry = ReportEntry.objects.get(report_id=report["id"], service_order=world.order)
    second_entry = ReportEntry.objects.get(report_id=report["id"], service_order=second)

    def change(book):
        set_cells(first_entry.pk, d05="L", hours_d05=4)(book)
        set_cells(second_entry.pk, d05="?")(book)

    data = edit(download(world.reporter, report["id"]), change)
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 400
    assert [finding["entry"] for finding in response.json()["findings"]] == [second_entry.pk]
    assert snapshot() == before


def test_a_submitted_report_refuses_an_upload(world):
    report = flow.report_in(world, "submitted")
    data = download(world.reporter, report["id"])
    before = snapshot()

    response = upload(world.reporter, report["id"], data)

    assert response.status_code == 409
    assert response.json()["code"] == "report_not_editable"
    assert snapshot() == before


def test_only_the_providers_staff_may_upload(world):
    report = flow.create(world)
    data = download(world.reporter, report["id"])
    before = snapshot()

    assert upload(world.monitor, report["id"], data).status_code == 403
    assert upload(world.other_reporter, report["id"], data).status_code == 404
    assert snapshot() == before


def test_an_applied_upload_logs_the_clients_it_changed(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="L"))

    upload(world.reporter, report["id"], data)

    [row] = ClientAccessLog.objects.filter(user=world.reporter, resource="api:report-upload")
    assert (row.client_id, row.action) == (world.order.client_id, AccessAction.UPDATE)


def test_the_upload_page_previews_the_findings_then_applies_on_confirmation(world, client):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = edit(download(world.reporter, report["id"]), set_cells(entry.pk, d05="S", hours_d05=3))
    client.force_login(world.reporter)
    before = snapshot()
    file = io.BytesIO(data)
    file.name = "report.xlsx"

    preview = client.post(f"/reports/{report['id']}/upload/", {"file": file})

    assert preview.status_code == 200
    page = preview.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Attendance"]
    assert f"Attendance!{letter_of(sheet, 'd05')}{row_of(sheet, entry.pk, 'hours')}" in page
    assert 'name="confirm"' in page
    assert snapshot() == before
    digest = preview.context["digest"]

    applied = client.post(f"/reports/{report['id']}/upload/", {"confirm": digest})

    assert applied.status_code == 302
    assert applied["Location"] == f"/reports/{report['id']}/"
    assert AttendanceDay.objects.filter(entry=entry, status="sick").count() == 1


def test_the_upload_page_shows_a_refusal_with_its_cells(world, client):
    report = flow.create(world)
    client.force_login(world.reporter)
    file = io.BytesIO(b"MZ\x90\x00 not a workbook")
    file.name = "report.xlsx"

    response = client.post(f"/reports/{report['id']}/upload/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "The file is a program, not a workbook." in response.content.decode()
