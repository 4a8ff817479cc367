"""A month must lie between the catalogue's first year and next year on every surface (issue #15: years 0000
and 9999 gave 500s, overflowing dashboards and a payroll batch that could never be removed); payroll only for
a month whose report deadline has passed. The frozen day is 2026-11-23, so the range is 2019-01 … 2027-12."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from reporting.models import PayrollBatch, Report
from tests import factories

OUT_OF_RANGE = pytest.mark.parametrize("period", ["0000-01", "9999-12", "2018-12", "2028-01"])
RANGE_EN = "is outside the months the portal holds: from 2019-01 to 2027-12."
RANGE_FI = "on kuukausien 2019-01–2027-12 ulkopuolella"


def _page(user):
    client = HttpClient()
    client.force_login(user)
    return client


@OUT_OF_RANGE
def test_a_report_for_a_month_out_of_range_is_refused_naming_the_period(world, period):
    response = factories.api(world.reporter).post(
        "/api/v1/reports/", {"contract": world.line.contract_id, "period": period}, format="json"
    )

    assert response.status_code == 400
    assert RANGE_FI in response.json()["errors"]["period"][0]
    assert not Report.objects.exists()


@OUT_OF_RANGE
def test_the_order_list_filter_refuses_a_month_out_of_range(world, period):
    response = factories.api(world.monitor).get(f"/api/v1/service-orders/?period={period}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"]["period"] == [f"{period} {RANGE_EN}"]


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_the_order_list_page_says_the_month_is_out_of_range(world, period):
    response = _page(world.monitor).get(f"/service-orders/?period={period}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code in (200, 400)
    assert RANGE_EN in response.content.decode()


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_the_outcomes_dashboard_refuses_a_month_out_of_range(world, period):
    api = factories.api(world.monitor).get("/api/v1/monitoring/outcomes/", {"from": period}, HTTP_ACCEPT_LANGUAGE="en")
    page = _page(world.monitor).get("/monitoring/outcomes/", {"to": period}, HTTP_ACCEPT_LANGUAGE="en")
    gas = factories.api(world.monitor).get("/api/v1/outcomes/gas/", {"period": period}, HTTP_ACCEPT_LANGUAGE="en")

    assert api.status_code == 400
    assert RANGE_EN in str(api.json())
    assert page.status_code in (200, 400)
    assert RANGE_EN in page.content.decode()
    assert gas.status_code == 400


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_the_monitoring_pdf_refuses_a_month_out_of_range(world, period):
    api = factories.api(world.monitor).get("/api/v1/monitoring/report.pdf", {"from": period}, HTTP_ACCEPT_LANGUAGE="en")
    page = _page(world.monitor).get("/monitoring/report.pdf", {"to": period}, HTTP_ACCEPT_LANGUAGE="en")

    assert api.status_code == 400
    assert page.status_code in (200, 400)
    assert RANGE_EN in page.content.decode()


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_a_payroll_batch_for_a_month_out_of_range_is_refused(world, period):
    response = factories.api(world.payroll).post(
        "/api/v1/payroll-batches/", {"period": period}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert RANGE_EN in response.json()["errors"]["period"][0]
    assert not PayrollBatch.objects.exists()


@pytest.mark.parametrize("period", ["2026-11", "2027-06"])
def test_a_payroll_batch_for_a_month_whose_report_is_not_yet_due_is_refused(world, period):
    response = factories.api(world.payroll).post(
        "/api/v1/payroll-batches/", {"period": period}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "deadline" in response.json()["detail"]
    assert not PayrollBatch.objects.exists()


def test_the_payroll_page_refuses_a_month_whose_report_is_not_yet_due(world):
    # The page hands the batch to a background job (inline in tests); the job's page says why none was made.
    response = _page(world.payroll).post("/payroll/", {"period": "2026-11"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.status_code == 200
    assert "deadline" in response.content.decode()
    assert not PayrollBatch.objects.exists()


def test_the_service_orders_page_with_month_13_shows_the_format_error_not_a_500(world):
    response = _page(world.monitor).get("/service-orders/?period=2026-13", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code in (200, 400)
    assert "A period is written YYYY-MM" in response.content.decode()
