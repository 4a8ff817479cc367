"""Each attendance day is exported once, guaranteed by the database, also when two batches are made at the
same moment (docs §10; issue #6, 2)."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from contracts.models import ServiceOrder
from core.periods import Period
from reporting.models import AttendanceDay, PayrollBatch, PayrollLine, PayrollLineKind, ReportState
from reporting.payroll.services import payroll_batch_create
from tests import factories
from tests.reporting.payroll import build


def _approved_month(world: Any) -> None:
    """Both providers' October approved, with several orders and days each."""
    for _ in range(2):
        factories.make_order(world.line, worker=world.social_worker)
        factories.make_order(world.other_line, worker=world.social_worker)
    for line, reporter in ((world.line, world.reporter), (world.other_line, world.other_reporter)):
        orders = ServiceOrder.objects.filter(contract_line=line)
        days = {order: [build.day(number, hours=str(2 + number % 3)) for number in range(1, 21)] for order in orders}
        build.report_in(contract=line.contract, reporter=reporter, monitor=world.monitor, period="2026-10", days=days)


def _assert_each_day_paid_once_and_in_full() -> None:
    owed = {
        (order_id, date): amount
        for order_id, date, amount in AttendanceDay.objects.filter(
            entry__report__state=ReportState.APPROVED, work_share_amount__gt=0
        ).values_list("entry__service_order_id", "date", "work_share_amount")
    }
    paid: dict[Any, Decimal] = {}
    originals: Counter[Any] = Counter()
    for line in PayrollLine.objects.all():
        key = (line.service_order_id, line.date)
        paid[key] = paid.get(key, Decimal(0)) + line.amount
        originals[key] += line.kind == PayrollLineKind.ORIGINAL
    assert paid == owed
    assert set(originals.values()) == {1}


def test_a_second_original_line_for_the_same_order_and_day_is_refused_by_the_database(world):
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={world.order: [build.day(1), build.day(2)]},
    )
    made = build.batch(world.payroll)
    line = PayrollLine.objects.filter(batch_id=made["id"]).first()
    assert line is not None
    other = PayrollBatch.objects.create(
        period="2026-11", payroll_format=line.batch.payroll_format, created_by=world.payroll
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        PayrollLine.objects.create(
            batch=other,
            kind=PayrollLineKind.ORIGINAL,
            source_report_id=line.source_report_id,
            service_order_id=line.service_order_id,
            date=line.date,
            hours=line.hours,
            rate=line.rate,
            amount=line.amount,
        )
    # Nor can the same revision's day be exported twice, even as an adjustment.
    with pytest.raises(IntegrityError), transaction.atomic():
        PayrollLine.objects.create(
            batch=other,
            kind=PayrollLineKind.ADJUSTMENT,
            source_report_id=line.source_report_id,
            service_order_id=line.service_order_id,
            date=line.date,
            hours=Decimal("1"),
            rate=line.rate,
            amount=Decimal("2.00"),
            adjusts=line,
        )
    # An original payment is never negative.
    with pytest.raises(IntegrityError), transaction.atomic():
        PayrollLine.objects.create(
            batch=other,
            kind=PayrollLineKind.ORIGINAL,
            source_report_id=line.source_report_id,
            service_order_id=line.service_order_id,
            date=line.date.replace(day=25),
            hours=Decimal("-1"),
            rate=line.rate,
            amount=Decimal("-2.00"),
        )


def test_two_batches_one_after_the_other_pay_each_day_once(world):
    _approved_month(world)

    build.batch(world.payroll, provider=world.provider.pk)
    build.batch(world.payroll)
    again = factories.api(world.payroll).post(build.BATCHES, {"period": "2026-10"}, format="json")

    assert (again.status_code, again.json()["code"]) == (400, "nothing_to_pay")
    assert PayrollBatch.objects.count() == 2
    _assert_each_day_paid_once_and_in_full()


def _race(calls: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    barrier = threading.Barrier(len(calls))
    results: list[tuple[int, dict[str, Any]]] = []
    failures: list[BaseException] = []

    def run(call: Any) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as exc:  # reported by the main thread, which owns the assertion
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_batches_made_at_the_same_moment_through_the_api_never_export_a_day_twice(world):
    _approved_month(world)

    def post(body: dict[str, Any]) -> Any:
        def call() -> tuple[int, dict[str, Any]]:
            response = factories.api(world.payroll).post(build.BATCHES, body, format="json")
            return response.status_code, response.json()

        return call

    results = _race([post({"period": "2026-10"}), post({"period": "2026-10"})])

    statuses = sorted(status for status, _ in results)
    assert statuses[0] == 201, results
    loser = next(body for status, body in results if status != 201 or body.get("id") is None)
    assert (statuses[1], loser["code"]) in ((409, "concurrent_batch"), (400, "nothing_to_pay")), results
    assert PayrollBatch.objects.count() == 1
    _assert_each_day_paid_once_and_in_full()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_provider_batch_and_a_whole_city_batch_at_the_same_moment_never_export_a_day_twice(world):
    _approved_month(world)

    def create(provider: Any) -> Any:
        def call() -> tuple[int, dict[str, Any]]:
            try:
                batch = payroll_batch_create(user=world.payroll, period=Period.parse("2026-10"), provider=provider)
            except Exception as exc:
                return getattr(exc, "status_code", 400), {"code": getattr(exc, "code", "")}
            return 201, {"id": batch.pk, "lines": batch.line_count}

        return call

    results = _race([create(world.provider), create(None)])

    assert 201 in {status for status, _ in results}, results
    assert all(status == 201 or body["code"] in ("concurrent_batch", "nothing_to_pay") for status, body in results)
    assert sum(body.get("lines", 0) for _, body in results) == PayrollLine.objects.count()
    _assert_each_day_paid_once_and_in_full()


def test_when_the_database_refuses_a_day_the_clerk_gets_409_and_nothing_is_kept(world, settings):
    # Locks serialise ordinary races (the tests above); should two plans still meet, the constraint refuses
    # the second, and the service answers 409 without leaving a batch or a file behind.
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={world.order: [build.day(1)]},
    )

    # The database's refusal is simulated at the connection, whatever statement writes the lines.
    line_table = PayrollLine._meta.db_table

    def refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("INSERT") and line_table in sql.split("(", 1)[0]:
            raise IntegrityError('duplicate key value violates unique constraint "payroll_day_paid_once"')
        return execute(sql, params, many, context)

    directory = settings.MEDIA_ROOT / "payroll"
    files_before = set(directory.glob("*")) if directory.exists() else set()

    with connection.execute_wrapper(refuse):
        response = factories.api(world.payroll).post(build.BATCHES, {"period": "2026-10"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "concurrent_batch")
    assert PayrollBatch.objects.count() == 0
    assert set(directory.glob("*")) == files_before
