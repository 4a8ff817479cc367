"""A template saved again by LibreOffice uploads cleanly (issue #4, acceptance 1).

Runs wherever `soffice` is installed; in CI (env CI set) a missing LibreOffice is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reporting.models import AttendanceDay, ReportEntry
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, edit, row_of, snapshot, upload

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed; CI installs it"
)


def _resave(data: bytes, tmp_path: Path) -> bytes:
    assert SOFFICE, "CI must have LibreOffice: install libreoffice-calc"
    source = tmp_path / "in" / "report.xlsx"
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(  # noqa: S603 - a fixed program and arguments
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = (out / "report.xlsx").read_bytes()
    assert converted != data
    return converted


def test_a_template_saved_again_by_libreoffice_uploads_without_changing_anything(world, tmp_path):
    report = flow.report_in(world, "draft")
    converted = _resave(download(world.reporter, report["id"]), tmp_path)
    before = snapshot()

    response = upload(world.reporter, report["id"], converted)

    assert response.status_code == 200, response.json()
    assert response.json()["changed_entries"] == 0
    assert snapshot() == before


def test_a_template_filled_then_saved_by_libreoffice_applies(world, tmp_path):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])

    def fill(book):
        sheet = book["Attendance"]
        sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "d05")).value = "L"
        sheet.cell(row_of(sheet, entry.pk, "hours"), column_of(sheet, "d05")).value = 5.5
        book["Goals"]["G3"] = 0

    converted = _resave(edit(download(world.reporter, report["id"]), fill), tmp_path)

    response = upload(world.reporter, report["id"], converted)

    assert response.status_code == 200, response.json()
    assert response.json()["changed_entries"] == 1
    [day] = AttendanceDay.objects.filter(entry=entry)
    assert (str(day.date), day.status, str(day.hours)) == ("2026-10-05", "present", "5.50")


def test_a_template_saved_by_libreoffice_keeps_the_entries_as_downloaded(world, tmp_path):
    """The hidden record of each entry survives the save: an entry edited in the portal after the download and
    left alone in the file keeps the portal's edit; one changed in the file too is refused."""
    report = flow.report_in(world, "draft")
    entry = ReportEntry.objects.get(report_id=report["id"])
    downloaded = download(world.reporter, report["id"])
    api = factories.api(world.reporter)
    url = flow.entry_url(report["id"], entry.pk)
    edited = api.patch(url, {"version": api.get(url).json()["version"], "notes": "Portaalissa"}, format="json")
    assert edited.status_code == 200

    def change(book):
        sheet = book["Attendance"]
        sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "d05")).value = "S"

    untouched = _resave(downloaded, tmp_path / "untouched")
    changed = _resave(edit(downloaded, change), tmp_path / "changed")
    before = snapshot()

    kept = upload(world.reporter, report["id"], untouched)
    refused = upload(world.reporter, report["id"], changed)

    assert kept.status_code == 200, kept.json()
    assert kept.json()["changed_entries"] == 0
    assert (refused.status_code, refused.json()["code"]) == (409, "stale_version")
    assert snapshot() == before
