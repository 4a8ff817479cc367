"""Work-share money (docs §7): hours × the rate in force that day, per day, rounded half-up to cents; nothing on
sick, absent or other days; day amounts add up to the entry's and the entries' to the report's total."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import ContractLine, ContractLinePrice, WorkShareRate
from reporting.money import ZERO, RateTable, day_amount, entry_amount
from reporting.services import report_totals
from tests import factories

FIRST_RATE = datetime.date(2019, 1, 21)  # the committee's decision of 21.1.2019: EUR 2.00 an hour
SECOND_RATE = datetime.date(2026, 10, 16)  # a later decision in the middle of October 2026
STATUSES = ("present", "sick", "absent", "other")
TWO_DECISIONS = RateTable([(FIRST_RATE, Decimal("2.00")), (SECOND_RATE, Decimal("1.99"))])

hours = st.integers(min_value=0, max_value=2400).map(lambda hundredths: Decimal(hundredths) / 100)
rates = st.integers(min_value=0, max_value=9999).map(lambda cents: Decimal(cents) / 100)
october_days = st.integers(min_value=1, max_value=31).map(lambda day: datetime.date(2026, 10, day))
day_rows = st.lists(
    st.tuples(october_days, st.sampled_from(STATUSES), hours), max_size=31, unique_by=lambda row: row[0]
)


def half_up_cents(hours: Decimal, rate: Decimal) -> Decimal:
    """An oracle in whole numbers: hundredths of an hour × cents, rounded half-up to cents."""
    product = int(hours * 100) * int(rate * 100)  # in 1/10,000 of a cent
    return Decimal((product + 50) // 100) / 100


def rate_of(day: datetime.date) -> Decimal:
    return Decimal("2.00") if day < SECOND_RATE else Decimal("1.99")


# reporting.money alone ---------------------------------------------------------------------------------------


@given(hours=hours, rate=rates)
def test_a_present_day_pays_hours_times_the_rate_rounded_half_up_to_cents(hours, rate):
    table = RateTable([(FIRST_RATE, rate)])

    amount = day_amount(
        status="present", hours=hours, day=datetime.date(2026, 10, 5), earns_work_share=True, rates=table
    )

    assert amount == half_up_cents(hours, rate)
    assert amount.as_tuple().exponent == -2


@given(status=st.sampled_from(["sick", "absent", "other"]), hours=hours, day=october_days)
def test_nothing_is_paid_on_a_sick_absent_or_other_day(status, hours, day):
    assert day_amount(status=status, hours=hours, day=day, earns_work_share=True, rates=TWO_DECISIONS) == ZERO


@given(status=st.sampled_from(STATUSES), hours=hours, day=october_days)
def test_nothing_is_paid_in_a_product_that_earns_no_work_share_money(status, hours, day):
    assert day_amount(status=status, hours=hours, day=day, earns_work_share=False, rates=TWO_DECISIONS) == ZERO


@given(rows=day_rows)
def test_the_entry_amount_is_the_sum_of_its_rounded_day_amounts(rows):
    amounts = [
        day_amount(status=status, hours=hours, day=day, earns_work_share=True, rates=TWO_DECISIONS)
        for day, status, hours in rows
    ]

    total = entry_amount(rows, earns_work_share=True, rates=TWO_DECISIONS)

    assert total == sum(amounts, ZERO)
    assert total.as_tuple().exponent == -2
    assert total == sum(
        (half_up_cents(hours, rate_of(day)) for day, status, hours in rows if status == "present"), ZERO
    )


@given(day=october_days, hours=hours)
def test_a_month_spanning_two_rate_decisions_pays_each_day_at_its_own_rate(day, hours):
    amount = day_amount(status="present", hours=hours, day=day, earns_work_share=True, rates=TWO_DECISIONS)

    assert amount == half_up_cents(hours, rate_of(day))


@pytest.mark.parametrize(
    ("hours", "rate", "expected"),
    [
        ("1.25", "2.00", "2.50"),
        ("1.25", "1.99", "2.49"),  # 2.4875
        ("1.5", "1.99", "2.99"),  # 2.985: half-up, where banker's rounding would give 2.98
        ("0.75", "1.50", "1.13"),  # 1.125
        ("0", "2.00", "0.00"),
    ],
)
def test_each_row_is_rounded_half_up(hours, rate, expected):
    table = RateTable([(FIRST_RATE, Decimal(rate))])

    amount = day_amount(
        status="present", hours=Decimal(hours), day=datetime.date(2026, 10, 5), earns_work_share=True, rates=table
    )

    assert str(amount) == expected


def test_nothing_is_paid_before_the_first_rate_decision():
    assert (
        day_amount(
            status="present",
            hours=Decimal("4"),
            day=datetime.date(2019, 1, 20),
            earns_work_share=True,
            rates=TWO_DECISIONS,
        )
        == ZERO
    )


# Through the service that stores the amounts -----------------------------------------------------------------


@pytest.fixture
def october(world: Any) -> dict[str, Any]:
    """The world's work-activity order and a day-activity order (no work-share money) on one October report,
    with a rate decision of EUR 1.99 taking effect on 16 October."""
    WorkShareRate.objects.create(amount_per_hour=Decimal("1.99"), effective_from=SECOND_RATE, decision_reference="test")
    contract = world.line.contract
    day_line = ContractLine.objects.create(contract=contract, product=factories.product("day-activity-adults"))
    ContractLinePrice.objects.create(line=day_line, unit_price=Decimal("60.00"), valid_from=contract.starts_on)
    day_order = factories.make_order(day_line, worker=world.social_worker)
    report = factories.make_report(contract, user=world.reporter)
    return {
        "report": report,
        "work": factories.report_entry(report, world.order),
        "day": factories.report_entry(report, day_order),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(work_days=day_rows, day_days=day_rows, units=st.integers(min_value=0, max_value=31))
def test_stored_day_amounts_add_up_to_the_entry_and_the_report_total(world, october, work_days, day_days, units):
    work = factories.fill_entry(october["work"], user=world.reporter, days=work_days, units_delivered=Decimal(units))
    day = factories.fill_entry(october["day"], user=world.reporter, days=day_days)

    stored = {row.date: row for row in work.days.all()}
    for date, status, hours in work_days:
        expected = half_up_cents(hours, rate_of(date)) if status == "present" else ZERO
        assert stored[date].work_share_amount == expected, (date, status, hours)
    assert work.work_share_amount == sum((row.work_share_amount for row in stored.values()), ZERO)
    assert all(row.work_share_amount == ZERO for row in day.days.all())
    assert day.work_share_amount == ZERO

    totals = report_totals(october["report"])
    assert totals["work_share"] == work.work_share_amount + day.work_share_amount
    assert totals["cost"] == work.cost + day.cost
    assert work.cost == Decimal(units) * Decimal("80.00")
    for amount in (work.work_share_amount, totals["work_share"], totals["cost"]):
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -2
