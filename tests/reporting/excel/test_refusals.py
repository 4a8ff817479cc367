"""Files refused as a whole, each with a clear message and without a single change (issue #4)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl.utils import get_column_letter

from reporting.models import ReportEntry
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, edit, letter_of, row_of, snapshot, upload


@pytest.fixture
def report(world):
    return flow.report_in(world, "draft")


@pytest.fixture
def template(world, report) -> bytes:
    return download(world.reporter, report["id"])


def _refused(world, report, data: bytes, *, code: str, message: str) -> dict:
    before = snapshot()
    response = upload(world.reporter, report["id"], data)
    body = response.json()
    assert response.status_code == 400, body
    assert body["code"] == code, body
    assert message in body["detail"], body
    assert snapshot() == before
    return body


def test_a_file_that_is_not_an_xlsx_is_refused(world, report):
    _refused(world, report, b"Asiakas;Tunnit\nAino;4\n", code="not_xlsx", message="The file is not an .xlsx workbook.")


def test_a_renamed_executable_is_refused(world, report):
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    _refused(world, report, program, code="executable", message="The file is a program, not a workbook.")
    _refused(world, report, b"\x7fELF\x02\x01\x01" + b"\x00" * 200, code="executable", message="a program")


def test_an_old_xls_or_encrypted_workbook_is_refused(world, report):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    _refused(world, report, ole, code="not_xlsx", message="old .xls workbook or a password-protected one")


def test_a_zip_that_is_not_a_workbook_is_refused(world, report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(world, report, buffer.getvalue(), code="not_xlsx", message="a zip archive but not an .xlsx workbook")


def test_an_oversized_file_is_refused(world, report, template, settings):
    settings.UPLOAD_MAX_BYTES = len(template) - 1
    _refused(world, report, template, code="file_too_large", message="the limit is")


def test_a_zip_bomb_is_refused_before_it_is_inflated(world, report, template):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        bomb.writestr("xl/media/zeros.bin", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros: about 64 KB packed
    assert len(buffer.getvalue()) < 1024 * 1024
    _refused(world, report, buffer.getvalue(), code="zip_bomb", message="expands to far more data than a workbook")


def test_a_zip_with_thousands_of_members_is_refused(world, report, template):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(buffer, "w") as crowded:
        for member in source.infolist():
            crowded.writestr(member, source.read(member))
        for index in range(2000):
            crowded.writestr(f"xl/extra/{index}.xml", "<a/>")
    _refused(world, report, buffer.getvalue(), code="zip_bomb", message="holds 20")


def test_a_zip_whose_headers_lie_about_the_inflated_size_is_refused(world, report, template):
    from reporting.excel.archive import UploadRefused, _inflate_within_limits

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"<a>" + b"x" * 100_000 + b"</a>")
    lying = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    lying.infolist()[0].file_size = 10  # what a forged central directory would declare

    with pytest.raises(UploadRefused) as refused:
        _inflate_within_limits(lying, lying.infolist())
    assert refused.value.code in ("zip_bomb", "not_xlsx")


def test_a_workbook_of_another_month_is_refused(world, report):
    september = flow.create(world, period="2026-09")
    other = download(world.reporter, september["id"])
    _refused(
        world, report, other, code="other_month", message="is for the month 2026-09, but this report is for 2026-10"
    )


def test_a_workbook_of_another_report_is_refused(world, report):
    contract = factories.make_contract(world.provider)
    factories.make_order(contract.lines.get(), worker=world.social_worker)
    other = factories.api(world.reporter).post(
        "/api/v1/reports/", {"contract": contract.pk, "period": "2026-10"}, format="json"
    )
    data = download(world.reporter, other.json()["id"])
    _refused(world, report, data, code="other_report", message="belongs to another report")


def test_a_forged_hidden_sheet_is_refused(world, report, template):
    def forge(book):
        book["_meta"]["B6"] = "eyJyZXBvcnQiOjF9:forged:signature"

    _refused(world, report, edit(template, forge), code="not_a_template", message="hidden report sheet")


def test_a_workbook_without_the_hidden_sheet_is_refused(world, report, template):
    def drop(book):
        del book["_meta"]

    _refused(world, report, edit(template, drop), code="not_a_template", message="not a report template")


def test_formulas_where_values_belong_are_refused_with_their_cells(world, report, template):
    entry = ReportEntry.objects.get(report_id=report["id"])
    cells = []

    def formulas(book):
        sheet = book["Attendance"]
        row, column = row_of(sheet, entry.pk, "hours"), column_of(sheet, "d07")
        sheet.cell(row, column).value = "=2+2"
        cells.append(f"Attendance!{get_column_letter(column)}{row}")
        book["Goals"]["G3"] = "=1-1"

    body = _refused(world, report, edit(template, formulas), code="formula", message="A formula is not accepted here")
    assert {finding["location"] for finding in body["findings"]} == {cells[0], "Goals!G3"}


def test_an_unknown_client_is_refused(world, report, template):
    client_column = []

    def add_client(book):
        sheet = book["Attendance"]
        row = sheet.max_row + 1
        sheet.cell(row, column_of(sheet, "client")).value = "Uusi, Asiakas"
        sheet.cell(row, column_of(sheet, "d01")).value = "L"
        client_column.append(letter_of(sheet, "client"))

    body = _refused(world, report, edit(template, add_client), code="upload_invalid", message="is not a client")
    [finding] = body["findings"]
    assert finding["code"] == "unknown_client"
    assert finding["location"].startswith(f"Attendance!{client_column[0]}")


def test_a_row_moved_onto_another_client_is_refused(world, report, template):
    entry = ReportEntry.objects.get(report_id=report["id"])

    def rename(book):
        sheet = book["Attendance"]
        sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "client")).value = "Toinen, Asiakas"

    body = _refused(world, report, edit(template, rename), code="upload_invalid", message="does not match the report")
    assert body["findings"][0]["code"] == "unknown_client"


def test_a_moved_or_inserted_column_is_refused(world, report, template):
    def insert(book):
        book["Attendance"].insert_cols(12)

    body = _refused(world, report, edit(template, insert), code="columns_moved", message="have been moved")
    assert body["findings"][0]["location"] == "Attendance!L1"

    def swap(book):
        sheet = book["Goals"]
        for row in sheet.iter_rows(min_col=7, max_col=8):
            row[0].value, row[1].value = row[1].value, row[0].value

    _refused(world, report, edit(template, swap), code="columns_moved", message="Goals")


def test_merged_cells_are_refused(world, report, template):
    def merge(book):
        book["Attendance"].merge_cells("K3:M3")

    body = _refused(world, report, edit(template, merge), code="merged_cells", message="Merged cells (K3:M3)")
    assert body["findings"][0]["location"] == "Attendance!K3"


def test_a_workbook_of_an_older_template_version_is_refused(world, report, monkeypatch):
    from reporting.excel import template

    monkeypatch.setattr(template, "TEMPLATE_VERSION", template.TEMPLATE_VERSION - 1)
    older = download(world.reporter, report["id"])
    monkeypatch.undo()

    _refused(world, report, older, code="template_version", message="older template version")
