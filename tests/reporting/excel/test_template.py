"""The pre-filled workbook: what it holds, how it guides the provider, and who may download it."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
from django.core import signing

from reporting.excel.layout import ATTENDANCE_FIXED, SIGNING_SALT, TEMPLATE_VERSION
from reporting.models import ReportEntry
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, letter_of, row_of, template_url


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_a_row_per_entry_with_the_client_masked_and_the_reported_days(world):
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])

    data = download(world.reporter, report["id"])

    sheet = _book(data)["Attendance"]
    row = row_of(sheet, entry.pk)
    client = world.order.client
    assert sheet.cell(row, column_of(sheet, "client")).value == f"{client.last_name}, {client.first_name}"
    assert sheet.cell(row, column_of(sheet, "identity_code")).value == client.identity_code_masked
    assert sheet.cell(row, column_of(sheet, "order_starts_on")).value.date() == world.order.starts_on
    assert sheet.cell(row, column_of(sheet, "d01")).value == "L"
    assert sheet.cell(row_of(sheet, entry.pk, "hours"), column_of(sheet, "d01")).value == 4.5
    assert sheet.max_column == len(ATTENDANCE_FIXED) + 31


def test_the_full_identity_code_appears_nowhere_in_the_file(world):
    report = flow.report_in(world, "draft")

    data = download(world.reporter, report["id"])

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist())
    assert world.order.client.identity_code.encode() not in text


def test_days_outside_the_order_are_locked_and_grey_and_weekends_are_shaded(world):
    world.order.starts_on = datetime.date(2026, 10, 10)
    world.order.save(update_fields=["starts_on"])
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])

    sheet = _book(download(world.reporter, report["id"]))["Attendance"]

    row = row_of(sheet, entry.pk)
    closed, weekend, weekday = (sheet.cell(row, column_of(sheet, key)) for key in ("d09", "d10", "d12"))
    assert closed.protection.locked
    assert closed.fill.fgColor.rgb.endswith("BFBFBF")
    assert not weekend.protection.locked
    assert weekend.fill.fgColor.rgb.endswith("DDEBF7")
    assert not weekday.protection.locked
    assert weekday.fill.fill_type is None
    assert sheet.protection.sheet
    assert sheet.row_dimensions[1].hidden
    assert sheet.column_dimensions["A"].hidden


def test_status_cells_offer_the_codes_and_hours_cells_take_numbers_within_the_daily_limit(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])

    sheet = _book(download(world.reporter, report["id"]))["Attendance"]

    validations = {validation.type: validation for validation in sheet.data_validations.dataValidation}
    status_row, hours_row = row_of(sheet, entry.pk), row_of(sheet, entry.pk, "hours")
    assert validations["list"].formula1 == '"L,S,P,M"'
    first, last = letter_of(sheet, "d01"), letter_of(sheet, "d31")
    assert f"{first}{status_row}:{last}{status_row}" in str(validations["list"].sqref)
    hours = [v for v in sheet.data_validations.dataValidation if f"{first}{hours_row}" in str(v.sqref)]
    limit = world.line.product.max_daily_hours
    assert [(v.type, v.formula1, v.formula2) for v in hours] == [("decimal", "0", f"{limit}")]


def test_goal_progress_has_a_row_per_goal_with_a_gas_level_validation(world):
    report = flow.report_in(world, "draft")
    goal = world.order.goals.get()

    sheet = _book(download(world.reporter, report["id"]))["Goals"]

    assert [sheet.cell(3, column).value for column in (2, 7, 8)] == [goal.pk, 1, "Edistyy"]
    [levels] = sheet.data_validations.dataValidation
    assert (levels.type, levels.formula1, levels.formula2) == ("whole", "-2", "2")


def test_the_hidden_sheet_identifies_the_report_revision_and_template_version_under_a_signature(world):
    report = flow.create(world)

    book = _book(download(world.reporter, report["id"]))

    meta = book["_meta"]
    assert meta.sheet_state == "hidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert signing.loads(values["signature"], salt=SIGNING_SALT) == {
        "report": report["id"],
        "revision": 1,
        "period": "2026-10",
        "template": TEMPLATE_VERSION,
        "language": "fi",
    }


def test_the_instructions_are_in_the_users_language(world):
    report = flow.create(world)

    finnish = _book(download(world.reporter, report["id"]))
    swedish = _book(download(world.reporter, report["id"], HTTP_ACCEPT_LANGUAGE="sv"))
    english = _book(download(world.reporter, report["id"], HTTP_ACCEPT_LANGUAGE="en"))

    assert finnish.sheetnames[0] == "Ohjeet"
    assert swedish.sheetnames[0] == "Anvisningar"
    assert english.sheetnames[0] == "Instructions"
    assert english["Instructions"]["A5"].value.startswith("1. On the sheet Attendance")
    attendance = english["Attendance"]
    assert attendance.cell(3, column_of(attendance, "d01")).value is None
    english_codes = english["Attendance"].data_validations.dataValidation[0].formula1
    assert english_codes == '"P,S,A,O"'


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(world):
    report = flow.create(world)
    flow.fill(world, report, notes='=HYPERLINK("http://example.invalid","x")')
    entry = ReportEntry.objects.get(report_id=report["id"])

    sheet = _book(download(world.reporter, report["id"]))["Attendance"]

    cell = sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "notes"))
    assert cell.value == '\'=HYPERLINK("http://example.invalid","x")'
    assert cell.data_type == "s"


def test_downloading_the_workbook_logs_every_client_in_it(world):
    report = flow.create(world)

    download(world.reporter, report["id"])

    [row] = ClientAccessLog.objects.filter(user=world.reporter, resource="api:report-template")
    assert (row.client_id, row.action, row.object_ref) == (
        world.order.client_id,
        AccessAction.DOWNLOAD,
        f"report:{report['id']}",
    )


def test_another_providers_staff_get_404_and_leave_no_row(world):
    report = flow.create(world)

    response = factories.api(world.other_reporter).get(template_url(report["id"]))

    assert response.status_code == 404
    assert not ClientAccessLog.objects.filter(user=world.other_reporter).exists()


def test_the_report_page_offers_the_download_and_the_upload_form(world, client):
    report = flow.create(world)
    client.force_login(world.reporter)

    page = client.get(f"/reports/{report['id']}/").content.decode()

    assert f'href="/reports/{report["id"]}/template.xlsx"' in page
    assert f'action="/reports/{report["id"]}/upload/"' in page
    download_page = client.get(f"/reports/{report['id']}/template.xlsx")
    assert download_page.status_code == 200
    assert download_page["Content-Disposition"].startswith("attachment;")
