"""The payroll lines are planned by the database in one statement (issue 16, speed); they are exactly the lines
the earlier day-by-day plan in Python made, on a varied month: two providers, two cost centres, a rate change
in the middle of the month, sick, absent and other days, a holiday, a late report of an earlier month, and
corrections after payment (one of them corrected twice, one corrected before any batch took it)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from contracts.models import WorkShareRate
from reporting.models import AttendanceDay, PayrollLine, PayrollLineKind, Report, ReportEntry, ReportState
from reporting.money import ZERO, RateTable
from reporting.services import report_reopen
from tests import factories
from tests.reporting.payroll import build

# The plan as it was made before (reporting/payroll/services.py until the set-based INSERT … SELECT), kept here
# as the reference: per report, each (order, day) it pays, or its orders were paid for in its month; a line is
# the difference to what payroll paid net.


def _reference_corrections(reports: list[Report]) -> set[int]:
    corrections: set[int] = set()
    looking = {report.pk: report.previous_revision_id for report in reports if report.previous_revision_id}
    while looking:
        earlier = {
            pk: (batch_id, previous_id)
            for pk, batch_id, previous_id in Report.objects.filter(pk__in=set(looking.values())).values_list(
                "pk", "payroll_batch_id", "previous_revision_id"
            )
        }
        following: dict[int, int] = {}
        for report_id, previous_id in looking.items():
            batch_id, before = earlier[previous_id]
            if batch_id is not None:
                corrections.add(report_id)
            elif before is not None:
                following[report_id] = before
        looking = following
    return corrections


def _reference_plan(period: str, provider: Any = None) -> set[tuple[Any, ...]]:
    waiting = Report.objects.filter(
        state=ReportState.APPROVED, is_current=True, period__lte=period, payroll_batch__isnull=True
    )
    if provider is not None:
        waiting = waiting.filter(provider=provider)
    reports = list(waiting.order_by("period", "id"))
    rates = RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))
    report_ids = [report.pk for report in reports]
    wanted: dict[int, dict[tuple[int, datetime.date], tuple[Decimal, Decimal]]] = defaultdict(dict)
    for report_id, order_id, date, hours, amount in AttendanceDay.objects.filter(
        entry__report_id__in=report_ids
    ).values_list("entry__report_id", "entry__service_order_id", "date", "hours", "work_share_amount"):
        if amount:
            wanted[report_id][(order_id, date)] = (hours, amount)
    orders_by_report: dict[int, set[int]] = defaultdict(set)
    for report_id, order_id in ReportEntry.objects.filter(report_id__in=report_ids).values_list(
        "report_id", "service_order_id"
    ):
        orders_by_report[report_id].add(order_id)
    paid: dict[int, dict[datetime.date, tuple[Decimal, Decimal, int | None]]] = defaultdict(dict)
    for line in PayrollLine.objects.order_by("id"):
        net, net_hours, original = paid[line.service_order_id].get(line.date, (ZERO, ZERO, None))
        if original is None and line.kind == PayrollLineKind.ORIGINAL:
            original = line.pk
        paid[line.service_order_id][line.date] = (net + line.amount, net_hours + line.hours, original)
    corrections = _reference_corrections(reports)
    lines: set[tuple[Any, ...]] = set()
    for report in reports:
        period_of = report.period
        own = wanted.get(report.pk, {})
        keys = set(own)
        for order_id in orders_by_report[report.pk]:
            keys |= {
                (order_id, day) for day in paid.get(order_id, {}) if period_of.first_day <= day <= period_of.last_day
            }
        for order_id, date in sorted(keys):
            hours, amount = own.get((order_id, date), (ZERO, ZERO))
            already = paid.get(order_id, {}).get(date)
            difference = amount - (already[0] if already else ZERO)
            if difference == 0:
                continue
            original = already is None and report.pk not in corrections
            lines.add(
                (
                    PayrollLineKind.ORIGINAL if original else PayrollLineKind.ADJUSTMENT,
                    report.pk,
                    order_id,
                    date,
                    hours - (already[1] if already else ZERO),
                    rates.rate_on(date) or ZERO,
                    difference,
                    already[2] if already else None,
                )
            )
    return lines


_FIELDS = ("kind", "source_report_id", "service_order_id", "date", "hours", "rate", "amount", "adjusts_id")


def _lines_of(batch_id: int) -> set[tuple[Any, ...]]:
    return set(PayrollLine.objects.filter(batch_id=batch_id).values_list(*_FIELDS))


def _batch_matches_the_reference(world: Any, period: str, provider: Any = None) -> set[tuple[Any, ...]]:
    expected = _reference_plan(period, provider)
    body = {"provider": provider.pk} if provider is not None else {}
    made = build.batch(world.payroll, period, **body)
    lines = _lines_of(made["id"])
    assert lines == expected
    assert Decimal(made["total_amount"]) == sum((line[6] for line in expected), ZERO)
    assert made["line_count"] == len(expected)
    return lines


def _day(month: int, number: int, status: str = "present", hours: str = "4") -> build.Day:
    return (datetime.date(2026, month, number), status, hours if status == "present" else "0")


def _correct(world: Any, report: Report, days: dict[Any, list[build.Day]]) -> Report:
    """Reopen an approved report, replace the days of the given orders, approve the new revision."""
    revision = report_reopen(user=world.monitor, report=report, comment="Tunnit korjattu")
    reporter = world.reporter if report.provider_id == world.provider.pk else world.other_reporter
    for entry in revision.entries.select_related("service_order"):
        if entry.service_order in days:
            factories.fill_entry(entry, user=reporter, days=days[entry.service_order])
    return factories.report_to_state(revision, state="approved", user=reporter, reviewer=world.monitor)


@pytest.fixture
def month(world: Any) -> dict[str, Any]:
    """Both providers' October approved with varied days, provider A's September approved late."""
    WorkShareRate.objects.create(
        effective_from=datetime.date(2026, 10, 16), amount_per_hour=Decimal("2.50"), decision_reference="Testi"
    )
    youth = factories.unit("youth-social-work")
    a_youth = factories.make_order(world.line, ordering_unit=youth, worker=world.other_unit_worker)
    b_youth = factories.make_order(world.other_line, ordering_unit=youth, worker=world.other_unit_worker)
    october = {
        world.order: [
            _day(10, 1, hours="4.5"),
            _day(10, 2, "sick"),
            _day(10, 5, hours="6"),
            _day(10, 15, hours="3.25"),
            _day(10, 16, hours="3.25"),
            _day(10, 20, "absent"),
            _day(10, 31, hours="2"),  # All Saints' Day, a Saturday
        ],
        a_youth: [_day(10, 6), _day(10, 7, "other"), _day(10, 19, hours="5"), _day(10, 22, "sick")],
    }
    other_october = {
        world.other_order: [_day(10, 1, hours="1.5"), _day(10, 14), _day(10, 16, hours="5.75")],
        b_youth: [_day(10, 9, "sick"), _day(10, 12, hours="2")],
    }
    september = {world.order: [_day(9, 1), _day(9, 2, hours="5.5"), _day(9, 3, "sick")]}
    reports = {
        "a_october": build.report_in(
            contract=world.line.contract, reporter=world.reporter, monitor=world.monitor, period="2026-10", days=october
        ),
        "b_october": build.report_in(
            contract=world.other_line.contract,
            reporter=world.other_reporter,
            monitor=world.monitor,
            period="2026-10",
            days=other_october,
        ),
        "a_september": build.report_in(
            contract=world.line.contract,
            reporter=world.reporter,
            monitor=world.monitor,
            period="2026-09",
            days=september,
        ),
    }
    return {"reports": reports, "a_youth": a_youth, "b_youth": b_youth, "october": october}


def test_the_first_batches_hold_exactly_the_lines_the_day_by_day_plan_made(world, month):
    provider_lines = _batch_matches_the_reference(world, "2026-10", world.provider)
    city_lines = _batch_matches_the_reference(world, "2026-10")

    assert {line[0] for line in provider_lines | city_lines} == {PayrollLineKind.ORIGINAL}
    assert {line[5] for line in provider_lines} == {Decimal("2.00"), Decimal("2.50")}
    assert len(provider_lines) == 5 + 2 + 2  # October's paid days of both orders, September's two


def test_corrections_after_payment_give_exactly_the_adjustments_the_day_by_day_plan_made(clock, world, month):
    build.batch(world.payroll, "2026-10")
    a_october = month["reports"]["a_october"]
    # Fewer hours on the 1st, the 5th removed (now absent), the 16th at 2.50 more hours, a new present day.
    corrected = _correct(
        world,
        a_october,
        {
            world.order: [
                _day(10, 1, hours="2"),
                _day(10, 2, "sick"),
                _day(10, 5, "absent"),
                _day(10, 15, hours="3.25"),
                _day(10, 16, hours="6"),
                _day(10, 21, hours="4"),
                _day(10, 31, hours="2"),
            ],
        },
    )
    # Provider B's October corrected twice before the next batch; its second revision undoes one change.
    b_first = _correct(world, month["reports"]["b_october"], {month["b_youth"]: [_day(10, 12, hours="3")]})
    _correct(world, b_first, {month["b_youth"]: [_day(10, 12, hours="2"), _day(10, 13, hours="1")]})
    # A new report of November is paid as ordinary lines in the same batch.
    build.report_in(
        contract=world.other_line.contract,
        reporter=world.other_reporter,
        monitor=world.monitor,
        period="2026-11",
        days={world.other_order: [_day(11, 2), _day(11, 3, "sick")]},
    )

    build.past_deadline_of("2026-11", clock)  # November is paid once its reports are due
    lines = _batch_matches_the_reference(world, "2026-11")

    kinds = {(line[1], line[0]) for line in lines}
    assert (corrected.pk, PayrollLineKind.ADJUSTMENT) in kinds
    assert any(kind == PayrollLineKind.ORIGINAL for _, kind in kinds)
    # And a further correction of an already adjusted day adjusts against what was paid net.
    _correct(world, corrected, {world.order: [_day(10, 1, hours="5"), _day(10, 16, hours="6")]})
    _batch_matches_the_reference(world, "2026-11")


def test_a_correction_before_any_batch_is_planned_as_the_day_by_day_plan_did(world, month):
    _correct(world, month["reports"]["a_october"], {world.order: [_day(10, 1, hours="5.5")]})

    lines = _batch_matches_the_reference(world, "2026-10")

    assert {line[0] for line in lines} == {PayrollLineKind.ORIGINAL}


def test_the_plan_reads_only_the_months_it_pays(world, month):
    # What was paid for an order outside the batch's months does not change this batch's lines.
    build.batch(world.payroll, "2026-09")
    _batch_matches_the_reference(world, "2026-10")
