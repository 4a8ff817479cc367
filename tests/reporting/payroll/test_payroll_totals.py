"""A batch pays exactly the approved work-share money of its month and earlier (docs §7, §10; issue #6, 1)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contracts.models import ServiceOrder
from reporting.models import PayrollBatch, PayrollLine, Report, ReportState
from reporting.services import report_totals
from tests import factories
from tests.reporting.payroll import build

STATUSES = ["present", "present", "present", "sick", "absent", "other"]
HOURS = ["0", "0.5", "1.25", "3", "4.5", "6"]

# One order's days in a month: distinct days, each with a status and (on present days) hours.
order_days = st.lists(
    st.tuples(st.integers(1, 28), st.sampled_from(STATUSES), st.sampled_from(HOURS)),
    max_size=8,
    unique_by=lambda item: item[0],
)
# Reports: which contract (0: provider A, 1: provider B), which month, which state; then days per order slot.
reports = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(["2026-09", "2026-10"]),
        st.sampled_from(["draft", "submitted", "approved", "approved"]),
        st.lists(order_days, min_size=3, max_size=3),
    ),
    max_size=4,
    unique_by=lambda item: (item[0], item[1]),
)


@pytest.fixture
def contracts(world: Any) -> list[tuple[Any, Any, list[Any]]]:
    """(contract, its reporter, its orders): provider A with three orders, provider B with two."""
    factories.make_order(world.line, worker=world.social_worker)
    factories.make_order(world.line, ordering_unit=factories.unit("youth-social-work"), worker=world.social_worker)
    factories.make_order(world.other_line, worker=world.social_worker)
    return [
        (
            world.line.contract,
            world.reporter,
            list(ServiceOrder.objects.filter(contract_line=world.line).order_by("id")),
        ),
        (
            world.other_line.contract,
            world.other_reporter,
            list(ServiceOrder.objects.filter(contract_line=world.other_line).order_by("id")),
        ),
    ]


def _days(period: str, drawn: list[tuple[int, str, str]]) -> list[build.Day]:
    year, month = map(int, period.split("-"))
    return [
        (datetime.date(year, month, number), status, hours if status == "present" else "0")
        for number, status, hours in drawn
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=reports)
def test_the_batch_total_is_the_sum_of_approved_work_share_money_and_nothing_else(world, contracts, drawn):
    # Each example in its own savepoint, rolled back: examples do not see each other's reports and batches.
    with transaction.atomic():
        made: list[Report] = []
        for contract_index, period, state, per_order in drawn:
            contract, reporter, orders = contracts[contract_index]
            days = {order: _days(period, order_drawn) for order, order_drawn in zip(orders, per_order, strict=False)}
            made.append(
                build.report_in(
                    contract=contract, reporter=reporter, monitor=world.monitor, period=period, days=days, state=state
                )
            )
        approved = [report for report in made if report.state == ReportState.APPROVED]
        expected = sum((report_totals(report)["work_share"] for report in approved), Decimal("0.00"))
        api = factories.api(world.payroll)

        response = api.post(build.BATCHES, {"period": "2026-10"}, format="json")

        event(f"{len(approved)} approved of {len(made)} reports; {'nothing' if expected == 0 else 'money'} to pay")
        if expected == 0:
            assert response.status_code == 400, response.json()
            assert response.json()["code"] == "nothing_to_pay"
        else:
            assert response.status_code == 201, response.json()
            assert Decimal(response.json()["total_amount"]) == expected
            batch = PayrollBatch.objects.get(pk=response.json()["id"])
            lines = PayrollLine.objects.filter(batch=batch)
            assert {line.source_report_id for line in lines} <= {report.pk for report in approved}
            assert set(Report.objects.filter(payroll_batch=batch).values_list("state", flat=True)) == {
                ReportState.APPROVED
            }
            assert sum((line.amount for line in lines), Decimal("0.00")) == expected
            assert batch.line_count == lines.count()
            assert all(line.kind == "original" and line.amount > 0 for line in lines)
            again = api.post(build.BATCHES, {"period": "2026-10"}, format="json")
            assert again.status_code == 400
            assert again.json()["code"] == "nothing_to_pay"
        transaction.set_rollback(True)
