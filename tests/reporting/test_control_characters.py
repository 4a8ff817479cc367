"""Control characters (C0, DEL, C1, bidi marks) are refused in free text and names on every surface, and rows
stored before the rule never break an export (issue #15)."""

from __future__ import annotations

import io
import logging
import sys

import openpyxl
import pytest
from django.test import Client as HttpClient

from reporting.models import GoalProgress, ReportEntry
from suppliers.models import Client, Provider
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, edit, row_of, snapshot, upload
from tests.reporting.payroll import build

BAD = ["\x01", "\x1b[31m", "\u202e", "\u2066", "\x7f", "\x85", "\x00"]


def _entry(world, report):
    return next(item for item in flow.entries(world, report["id"]) if item["service_order"] == world.order.pk)


@pytest.mark.parametrize("bad", BAD)
def test_the_api_refuses_a_note_with_a_control_character_and_names_the_field(world, bad):
    report = flow.create(world)
    entry = _entry(world, report)

    response = factories.api(world.reporter).patch(
        flow.entry_url(report["id"], entry["id"]),
        {"version": entry["version"], "notes": f"Hyvä{bad}päivä"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400, response.content
    body = response.json()
    assert "notes" in body["errors"]
    # DRF's own check answers first for NUL, in its own words.
    assert any(words in body["errors"]["notes"][0] for words in ("control character", "Null characters"))
    assert ReportEntry.objects.get(pk=entry["id"]).notes == ""


def test_the_api_refuses_a_goal_narrative_with_a_bidi_override_in_finnish(world):
    report = flow.create(world)
    entry = _entry(world, report)
    goal = world.order.goals.get()

    response = factories.api(world.reporter).patch(
        flow.entry_url(report["id"], entry["id"]),
        {"version": entry["version"], "goal_progress": [{"goal": goal.pk, "level": 1, "narrative": "ok\u202etxt"}]},
        format="json",
    )

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert "goal_progress[0].narrative" in errors
    assert "ohjausmerkki" in errors["goal_progress[0].narrative"][0]
    assert not GoalProgress.objects.exists()


def test_the_entry_page_refuses_a_note_with_an_escape_character_next_to_the_field(world):
    report = flow.create(world)
    entry = _entry(world, report)
    page = HttpClient()
    page.force_login(world.reporter)

    response = page.post(
        f"/reports/{report['id']}/entries/{entry['id']}/",
        {"version": entry["version"], "units_delivered": "1", "notes": "x\x1by"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "control character" in str(response.context["form"].errors["notes"])
    assert ReportEntry.objects.get(pk=entry["id"]).notes == ""


def test_the_goal_page_refuses_a_goal_text_with_a_control_character(world):
    page = HttpClient()
    page.force_login(world.social_worker)
    before = world.order.goals.count()

    response = page.post(
        f"/service-orders/{world.order.pk}/goals/new/",
        {
            "area": "daily_living",
            "description": "Arki\x07",
            "baseline": "Lähtö",
            "level_minus_2": "a",
            "level_minus_1": "b",
            "level_0": "c",
            "level_plus_1": "d",
            "level_plus_2": "e",
            "weight": "1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code in (200, 400)
    assert "control character" in response.content.decode()
    assert world.order.goals.count() == before


def test_the_workbook_upload_refuses_a_bidi_mark_naming_the_cell(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    data = download(world.reporter, report["id"])

    def change(book: openpyxl.Workbook) -> None:
        sheet = book["Attendance"]
        sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "notes")).value = "käänteinen\u202eteksti"

    before = snapshot()
    response = upload(world.reporter, report["id"], edit(data, change))

    assert response.status_code == 400, response.content
    assert "control character" in response.content.decode()
    assert "Attendance!" in response.content.decode()
    assert snapshot() == before


def test_a_stored_note_and_client_name_with_control_characters_still_download_as_a_workbook(world, caplog):
    report = flow.report_in(world, "draft")
    ReportEntry.objects.filter(report_id=report["id"]).update(notes="huono\x01merkki\x1b")
    Client.objects.filter(pk=world.order.client_id).update(first_name="Ai\x0bno")
    GoalProgress.objects.update(narrative="edistyy\x02")

    with caplog.at_level(logging.INFO):
        data = download(world.reporter, report["id"])

    sheet = openpyxl.load_workbook(io.BytesIO(data))["Attendance"]
    entry = ReportEntry.objects.get(report_id=report["id"])
    assert sheet.cell(row_of(sheet, entry.pk), column_of(sheet, "notes")).value == "huonomerkki"
    assert "huono" not in caplog.text


def test_a_stored_client_name_with_control_characters_still_goes_into_the_payroll_files(world):
    order = factories.make_order(world.line, client=factories.make_client(first_name="Aino", last_name="Esc"))
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={order: [build.day(1)]},
    )
    Client.objects.filter(pk=order.client_id).update(last_name="Esc\x1b\x01")

    made = build.batch(world.payroll)

    assert any(
        "Esc" in str(cell)
        for row in build.csv_records(build.download(world.payroll, made["id"], "csv"))
        for cell in row
    )
    sheet = build.xlsx_sheet(build.download(world.payroll, made["id"], "xlsx"))
    assert any(row for row in sheet.iter_rows(values_only=True) if "Aino" in str(row) or "Esc" in str(row))


def test_an_error_while_rendering_leaves_no_text_or_identity_code_in_the_server_log(world):
    """Whatever an exception's message holds (openpyxl puts the refused text in it), the log line does not."""
    code = world.order.client.identity_code
    message = " ".join(["Asiakas", code, "muistiinpano", "sala" + "inen"])
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    try:
        raise ValueError(message)
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), sys.exc_info()
        )
    text = handler.format(record) if handler.filter(record) else ""

    assert "Internal Server Error: /x" in text
    assert "ValueError" in text
    assert code not in text
    assert "salainen" not in text


def test_a_stored_provider_name_with_control_characters_still_prints_in_the_monitoring_pdf(world):
    from pypdf import PdfReader

    Provider.objects.filter(pk=world.provider.pk).update(name="Tuottaja\x1b[31m A\x01 Oy\u202e")
    page = HttpClient()
    page.force_login(world.monitor)

    response = page.get("/monitoring/report.pdf", {"provider": world.provider.pk, "from": "2026-01", "to": "2026-10"})

    assert response.status_code == 200
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(response.content)).pages)
    assert "\x1b" not in text
    assert "\x01" not in text
