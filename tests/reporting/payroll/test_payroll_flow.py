"""The payroll clerk's month: a batch from approved reports, its files, and a correction's adjustment."""

import csv
import hashlib
import io

import openpyxl

from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build

BATCHES = "/api/v1/payroll-batches/"


def test_a_payroll_clerk_makes_a_batch_of_the_approved_month_and_downloads_it(world):
    flow.report_in(world, "approved")
    api = factories.api(world.payroll)
    made = api.post(BATCHES, {"period": "2026-10"}, format="json")
    assert made.status_code == 201, made.json()
    batch = made.json()
    assert batch["total_amount"] == "17.00"
    assert batch["line_count"] == 2
    xlsx = api.get(f"{BATCHES}{batch['id']}/export.xlsx")
    content = build.content(xlsx)
    assert hashlib.sha256(content).hexdigest() == batch["xlsx_sha256"]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Työosuusraha"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5] == "Henkilötunnus"
    assert rows[1][5] == world.order.client.identity_code
    assert rows[1][11] == 17
    text = build.content(api.get(f"{BATCHES}{batch['id']}/export.csv")).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert records[1][11] == "17,00"
    again = api.post(BATCHES, {"period": "2026-10"}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "nothing_to_pay"


def test_a_correction_after_payment_comes_as_an_adjustment_in_the_next_batch(clock, world):
    report = flow.report_in(world, "approved")
    api = factories.api(world.payroll)
    api.post(BATCHES, {"period": "2026-10"}, format="json")
    reopened = (
        factories.api(world.monitor)
        .post(flow.report_url(report["id"], "reopen"), {"comment": "Tunnit"}, format="json")
        .json()
    )
    flow.fill(
        world,
        reopened,
        work_share_paid="9.00",
        days=[
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "sick", "hours": "0"},
        ],
    )
    flow.submit(world, reopened["id"])
    flow.approve(world, reopened["id"])
    build.past_deadline_of("2026-11", clock)
    second = api.post(BATCHES, {"period": "2026-11"}, format="json")
    assert second.status_code == 201, second.json()
    assert second.json()["total_amount"] == "-8.00"
    assert second.json()["line_count"] == 1


def test_nobody_but_payroll_sees_or_makes_batches(world):
    flow.report_in(world, "approved")
    batch = factories.api(world.payroll).post(BATCHES, {"period": "2026-10"}, format="json").json()
    for user in (world.monitor, world.reporter, world.social_worker, world.administrator):
        api = factories.api(user)
        assert api.post(BATCHES, {"period": "2026-10"}, format="json").status_code == 403
        assert api.get(f"{BATCHES}{batch['id']}/").status_code == 404
        assert api.get(f"{BATCHES}{batch['id']}/export.csv").status_code == 404
        assert api.get(BATCHES).json()["results"] == []
