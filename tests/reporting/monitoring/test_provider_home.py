"""The provider's home: per contract, the report due now, late, returned (with the city's exact reasons),
approved and paid; only its own; a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Contract
from reporting.models import PayrollBatch, PayrollFormat, Report
from reporting.services import report_approve, report_return, report_submit
from suppliers.models import ClientAccessLog
from tests import factories


def _home(client: Any, user: Any) -> str:
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _submitted(world: Any, period: str) -> Report:
    report = factories.make_report(world.line.contract, user=world.reporter, period=period)
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter)
    return report_submit(user=world.reporter, report=report)


def test_the_home_shows_the_report_due_now_with_its_deadline(world, client):
    html = _home(client, world.reporter)

    # On 23 November the October reports are past their deadline; November's is due on 10 December.
    assert "2026-11, due by 12/10/2026: Not started" in html
    assert world.line.contract.number in html


def test_a_month_never_submitted_after_its_deadline_is_listed_as_late(world, client):
    html = _home(client, world.reporter)

    late = html.split("Late</dt>")[1].split("</dd>")[0]
    assert "2026-10" in late
    assert "2026-09" in late


def test_a_submitted_month_is_not_late(world, client):
    _submitted(world, "2026-10")

    html = _home(client, world.reporter)

    late = html.split("Late</dt>")[1].split("</dd>")[0]
    assert "2026-10" not in late
    assert "2026-09" in late


def test_a_returned_report_shows_the_citys_comment_and_each_entrys_reason_by_decision_number(world, client):
    report = _submitted(world, "2026-10")
    entry = factories.report_entry(report, world.order)
    report_return(
        user=world.monitor,
        report=report,
        comment="Tarkista lokakuun tunnit.",
        entry_comments={entry.pk: "Päivä 5.10. puuttuu."},
        version=report.version,
    )

    html = _home(client, world.reporter)

    returned = html.split("Returned for correction</dt>")[1].split("</dt>")[0]
    assert "Tarkista lokakuun tunnit." in returned
    assert f"{world.order.decision_number}:</" not in returned
    assert world.order.decision_number in returned
    assert "Päivä 5.10. puuttuu." in returned
    assert f"/reports/{report.pk}/" in returned
    # Named by decision number, never by the client: nothing to log, nothing to leak.
    assert world.order.client.last_name not in html
    assert not ClientAccessLog.objects.filter(user=world.reporter).exists()


def test_approved_and_paid_reports_are_listed_apart(world, client):
    approved, paid = _submitted(world, "2026-10"), _submitted(world, "2026-09")
    approved = report_approve(user=world.monitor, report=approved, version=approved.version)
    paid = report_approve(user=world.monitor, report=paid, version=paid.version)
    batch = PayrollBatch.objects.create(
        period="2026-09",
        payroll_format=PayrollFormat.objects.get_or_create(name="Test")[0],
        created_by=world.payroll,
    )
    Report.objects.filter(pk=paid.pk).update(payroll_batch=batch)

    html = _home(client, world.reporter)

    approved_part = html.split("Approved, not yet paid</dt>")[1].split("</dd>")[0]
    paid_part = html.split("Paid</dt>")[1].split("</dd>")[0]
    assert f"/reports/{approved.pk}/" in approved_part
    assert f"/reports/{paid.pk}/" not in approved_part
    assert f"/reports/{paid.pk}/" in paid_part


def test_a_provider_sees_only_its_own_contracts(world, client):
    html = _home(client, world.reporter)

    assert world.line.contract.number in html
    assert world.other_line.contract.number not in html


def test_city_staff_get_no_provider_report_list(world, client):
    html = _home(client, world.monitor)

    assert "Your monthly reports" not in html


def test_the_home_page_makes_as_many_queries_for_many_contracts_and_reports_as_for_one(world, client):
    client.force_login(world.reporter)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    # One report of each kind already, so that the small case runs every query the large one does.
    returned, approved = _submitted(world, "2026-09"), _submitted(world, "2026-10")
    report_return(user=world.monitor, report=returned, comment="Korjaa", version=returned.version)
    report_approve(user=world.monitor, report=approved, version=approved.version)
    count()
    small = count()
    for number in range(6):
        contract = factories.make_contract(world.provider)
        Contract.objects.filter(pk=contract.pk).update(report_due_day=5 + number)
        line = contract.lines.get()
        order = factories.make_order(line, starts_on=datetime.date(2026, 3, 1))
        for period in ("2026-08", "2026-09", "2026-10"):
            report = factories.make_report(contract, user=world.reporter, period=period)
            factories.fill_entry(factories.report_entry(report, order), user=world.reporter)
            report = report_submit(user=world.reporter, report=report)
            if period == "2026-09":
                report_return(
                    user=world.monitor,
                    report=report,
                    comment="Korjaa",
                    entry_comments={factories.report_entry(report, order).pk: "Tunnit"},
                    version=report.version,
                )
            elif period == "2026-08":
                report_approve(user=world.monitor, report=report, version=report.version)

    assert count() == small
