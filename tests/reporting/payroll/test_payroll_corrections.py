"""A correction after payment (reopened, changed, approved again) comes as adjustment rows in the next batch:
exactly the differences, each pointing at what it adjusts (docs §7, §8, §10; issue #6, 3)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from contracts.models import WorkShareRate
from reporting.models import AttendanceDay, PayrollLine, PayrollLineKind
from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build


@pytest.fixture
def rate_change(world: Any) -> None:
    """From 16 October the rate is EUR 2.50 an hour: October is paid at two rates."""
    WorkShareRate.objects.create(
        effective_from=datetime.date(2026, 10, 16), amount_per_hour=Decimal("2.50"), decision_reference="Testi"
    )


def _days(*days: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"date": f"2026-10-{number}", "status": status, "hours": hours} for number, status, hours in days]


def _paid_report(world: Any) -> dict[str, Any]:
    """October approved: 1st 4 h (8.00), 2nd 4 h (8.00), 5th sick, 20th 4 h at 2.50 (10.00): 26.00 in all."""
    report = flow.create(world)
    flow.fill(
        world,
        report,
        work_share_paid="26.00",
        days=_days(("01", "present", "4"), ("02", "present", "4"), ("05", "sick", "0"), ("20", "present", "4")),
    )
    flow.submit(world, report["id"])
    flow.approve(world, report["id"])
    return report


def _correct(world: Any, report_id: int, *, paid: str, days: list[dict[str, str]]) -> dict[str, Any]:
    reopened = factories.api(world.monitor).post(
        flow.report_url(report_id, "reopen"), {"comment": "Tunnit korjattu"}, format="json"
    )
    assert reopened.status_code in (200, 201), reopened.json()
    revision = reopened.json()
    flow.fill(world, revision, work_share_paid=paid, days=days)
    flow.submit(world, revision["id"])
    flow.approve(world, revision["id"])
    return revision


def _lines(batch_id: int) -> list[PayrollLine]:
    return list(PayrollLine.objects.filter(batch_id=batch_id).order_by("date"))


def test_a_month_spanning_a_rate_change_pays_each_day_at_its_own_rate(world, rate_change):
    _paid_report(world)

    made = build.batch(world.payroll)

    assert made["total_amount"] == "26.00"
    assert [(line.date.day, line.hours, line.rate, line.amount, line.kind) for line in _lines(made["id"])] == [
        (1, Decimal("4.00"), Decimal("2.00"), Decimal("8.00"), "original"),
        (2, Decimal("4.00"), Decimal("2.00"), Decimal("8.00"), "original"),
        (20, Decimal("4.00"), Decimal("2.50"), Decimal("10.00"), "original"),
    ]


def test_the_next_batch_holds_exactly_the_differences_of_a_correction_as_adjustment_rows(clock, world, rate_change):
    report = _paid_report(world)
    first = build.batch(world.payroll)
    originals = {line.date.day: line for line in _lines(first["id"])}
    # Fewer hours on the 1st, the 2nd removed (now absent), a new day on the 21st (at 2.50), the 20th unchanged.
    revision = _correct(
        world,
        report["id"],
        paid="21.50",
        days=_days(("01", "present", "2"), ("02", "absent", "0"), ("20", "present", "4"), ("21", "present", "3")),
    )

    build.past_deadline_of("2026-11", clock)
    second = build.batch(world.payroll, "2026-11")

    assert second["total_amount"] == "-4.50"
    lines = _lines(second["id"])
    assert [(line.date.day, line.kind, line.hours, line.rate, line.amount) for line in lines] == [
        (1, "adjustment", Decimal("-2.00"), Decimal("2.00"), Decimal("-4.00")),
        (2, "adjustment", Decimal("-4.00"), Decimal("2.00"), Decimal("-8.00")),
        (21, "adjustment", Decimal("3.00"), Decimal("2.50"), Decimal("7.50")),
    ]
    assert [line.adjusts_id for line in lines] == [originals[1].pk, originals[2].pk, None]
    assert {line.source_report_id for line in lines} == {revision["id"]}
    # What payroll has paid per day now equals what the approved revision says, day by day.
    days = AttendanceDay.objects.filter(entry__report_id=revision["id"], work_share_amount__gt=0)
    owed = {(day.entry.service_order_id, day.date): day.work_share_amount for day in days}
    net: dict[tuple[int, datetime.date], Decimal] = {}
    for line in PayrollLine.objects.all():
        net[(line.service_order_id, line.date)] = net.get((line.service_order_id, line.date), Decimal(0)) + line.amount
    assert {key: amount for key, amount in net.items() if amount} == owed


def test_the_adjustment_rows_carry_their_reference_in_both_files(clock, world, rate_change):
    report = _paid_report(world)
    build.batch(world.payroll)
    _correct(
        world,
        report["id"],
        paid="18.00",
        days=_days(("01", "present", "4"), ("20", "present", "4")),
    )
    build.past_deadline_of("2026-11", clock)
    second = build.batch(world.payroll, "2026-11")
    reference = f"{world.line.contract.number}/2026-10/v2"

    records = build.csv_records(build.download(world.payroll, second["id"], "csv"))
    header = records[0]
    [row] = records[1:]
    assert row[header.index("Oikaisuviite")] == reference
    assert row[header.index("Työosuusraha")] == "-8,00"
    assert row[header.index("Tunnit")] == "-4,00"
    sheet = build.xlsx_sheet(build.download(world.payroll, second["id"], "xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][rows[0].index("Oikaisuviite")] == reference
    assert rows[1][rows[0].index("Työosuusraha")] == -8


def test_a_second_correction_adjusts_against_what_was_paid_net(clock, world, rate_change):
    report = _paid_report(world)
    build.batch(world.payroll)
    revision = _correct(
        world,
        report["id"],
        paid="22.00",
        days=_days(("01", "present", "2"), ("02", "present", "4"), ("20", "present", "4")),
    )
    build.past_deadline_of("2026-11", clock)
    build.batch(world.payroll, "2026-11")
    _correct(
        world,
        revision["id"],
        paid="27.00",
        days=_days(("01", "present", "4.5"), ("02", "present", "4"), ("20", "present", "4")),
    )

    third = build.batch(world.payroll, "2026-11")

    [line] = _lines(third["id"])
    original = PayrollLine.objects.get(kind=PayrollLineKind.ORIGINAL, date=datetime.date(2026, 10, 1))
    assert (line.kind, line.hours, line.amount, line.adjusts_id) == (
        "adjustment",
        Decimal("2.50"),
        Decimal("5.00"),
        original.pk,
    )
    assert original.adjustments.count() == 2


def test_a_correction_that_changes_nothing_yields_no_rows(clock, world, rate_change):
    report = _paid_report(world)
    build.batch(world.payroll)
    _correct(
        world,
        report["id"],
        paid="26.00",
        days=_days(("01", "present", "4"), ("02", "present", "4"), ("05", "sick", "0"), ("20", "present", "4")),
    )

    build.past_deadline_of("2026-11", clock)
    response = factories.api(world.payroll).post(build.BATCHES, {"period": "2026-11"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "nothing_to_pay"
    assert PayrollLine.objects.filter(kind=PayrollLineKind.ADJUSTMENT).count() == 0


def test_a_correction_before_any_batch_is_paid_as_ordinary_rows_of_the_last_revision(world, rate_change):
    report = _paid_report(world)
    revision = _correct(world, report["id"], paid="8.00", days=_days(("01", "present", "4")))

    made = build.batch(world.payroll)

    assert made["total_amount"] == "8.00"
    [line] = _lines(made["id"])
    assert (line.kind, line.source_report_id) == ("original", revision["id"])
