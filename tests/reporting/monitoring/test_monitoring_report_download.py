"""The monitoring report's form, PDF download and API: who may have it, what a bad query gets, what the file
looks like and that every client it names is logged.

The report's content comes from the other dashboards (tested with them and in
test_monitoring_report_content.py); here the composer is replaced by a fixed report where the view's own
behaviour is what is tested.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from reporting.models import Finding, Report
from reporting.monitoring.report import views as report_views
from reporting.monitoring.report.pdf import MonitoringReport
from reporting.monitoring.report.selectors import findings_table
from reporting.monitoring.tables import Column, Dashboard, Table
from suppliers.models import ClientAccessLog
from tests import factories
from tests.reporting import flow

PAGE, DOWNLOAD, API = "/monitoring/report/", "/monitoring/report.pdf", "/api/v1/monitoring/report.pdf"


@pytest.fixture
def composed(world, monkeypatch) -> list[dict[str, Any]]:
    """Replace the composer with a fixed report naming world's client; record the arguments it got."""
    calls: list[dict[str, Any]] = []

    def fake(**kwargs: Any) -> MonitoringReport:
        calls.append(kwargs)
        named = Table(
            "anomalies",
            "Anomalies",
            [Column("client", "Client")],
            [[world.order.client.identity_code_masked]],
        )
        return MonitoringReport(
            title=translation.gettext("Contract monitoring report"),
            subject="Tuottaja A Oy",
            period_label="2026-01 – 2026-10",
            generated_at=datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC),
            generated_by="Valvoja",
            dashboards=[Dashboard("anomalies", "Anomalies", tables=[named], client_ids=[world.order.client_id])],
            client_ids=[world.order.client_id],
        )

    monkeypatch.setattr(report_views, "monitoring_report", fake)
    return calls


def _logged(user: Any) -> set[int]:
    return set(ClientAccessLog.objects.filter(user=user).values_list("client_id", flat=True))


def test_a_provider_user_may_not_have_the_form_the_pdf_or_the_api(world, client, composed):
    client.force_login(world.reporter)

    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD, {"provider": world.provider.pk}).status_code == 403
    assert factories.api(world.reporter).get(API, {"provider": world.provider.pk}).status_code == 403
    assert composed == []


def test_a_social_worker_may_not_have_the_report_either(world):
    response = factories.api(world.social_worker).get(API, {"provider": world.provider.pk})

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get(PAGE)["Location"].startswith("/login/")
    assert client.get(DOWNLOAD)["Location"].startswith("/login/")
    assert factories.api().get(API).status_code in (401, 403)


def test_the_form_offers_providers_and_contracts_and_the_last_twelve_months(world, client):
    client.force_login(world.monitor)

    response = client.get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tuottaja A Oy" in page
    assert "Tuottaja B Oy" in page
    assert 'value="2025-11"' in page
    assert 'value="2026-10"' in page
    # The button starts a background job (the PDF of all providers takes seconds); GET report.pdf stays a link.
    assert 'action="/monitoring/report/job/"' in page
    assert 'method="post"' in page


def test_the_monitor_downloads_the_pdf_as_an_attachment_with_a_safe_name(world, client, composed):
    client.force_login(world.monitor)

    response = client.get(DOWNLOAD, {"provider": world.provider.pk, "from": "2026-01", "to": "2026-10"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="monitoring-tuottaja-a-oy-2026-01-2026-10.pdf"'
    # In the monitor's language: Finnish unless they chose another.
    assert "Sopimusvalvonnan raportti" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    [call] = composed
    assert call["provider_id"] == world.provider.pk
    assert call["contract_id"] is None
    assert (str(call["first"]), str(call["last"])) == ("2026-01", "2026-10")


def test_every_client_the_pdf_names_is_logged_for_the_page_and_the_api(world, client, composed):
    client.force_login(world.monitor)

    assert client.get(DOWNLOAD, {"provider": world.provider.pk}).status_code == 200
    assert _logged(world.monitor) == {world.order.client_id}
    response = factories.api(world.administrator).get(API, {"contract": world.line.contract_id})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _logged(world.administrator) == {world.order.client_id}
    assert set(ClientAccessLog.objects.filter(user=world.administrator).values_list("resource", "action")) == {
        ("api:monitoring-report-pdf", "export")
    }


def test_without_months_the_report_covers_the_last_twelve_full_months_of_every_provider(world, composed):
    response = factories.api(world.monitor).get(API)

    assert response.status_code == 200
    [call] = composed
    assert (str(call["first"]), str(call["last"]), call["provider_id"]) == ("2025-11", "2026-10", None)


def test_an_unknown_provider_or_contract_is_not_found(world, client, composed):
    client.force_login(world.monitor)
    missing = world.other_provider.pk + 1000

    assert client.get(DOWNLOAD, {"provider": missing}).status_code == 404
    assert client.get(DOWNLOAD, {"contract": missing}).status_code == 404
    assert factories.api(world.monitor).get(API, {"provider": missing}).status_code == 404
    assert factories.api(world.monitor).get(API, {"contract": missing}).status_code == 404
    assert composed == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13", "to": "2026-10"}, "from"),
        ({"from": "2026-10", "to": "2026-01"}, "to"),
        ({"from": "2024-01", "to": "2026-10"}, "to"),
        ({"provider": "x"}, "provider"),
    ],
)
def test_a_query_that_makes_no_range_is_a_form_error_on_the_page_and_a_400_in_the_api(
    world, client, composed, query, field
):
    client.force_login(world.monitor)

    page = client.get(DOWNLOAD, query)
    api = factories.api(world.monitor).get(API, query)

    assert page.status_code == 400
    assert "errorlist" in page.content.decode()
    assert api.status_code == 400
    assert api.json()["code"] == "invalid"
    assert field in api.json()["errors"]
    assert composed == []


def test_a_contract_of_another_provider_is_refused(world, composed):
    response = factories.api(world.monitor).get(
        API, {"provider": world.provider.pk, "contract": world.other_line.contract_id}
    )

    assert response.status_code == 400
    assert "contract" in response.json()["errors"]
    assert composed == []


def test_the_findings_table_counts_the_submitted_reports_findings_by_rule_with_an_example_message(world):
    submitted = flow.report_in(world, "submitted")
    draft = flow.create(world, period="2026-09")
    rows = [
        Finding(report_id=submitted["id"], code="units_exceed_volume", severity="warning", params=_volume(25, 22)),
        Finding(report_id=submitted["id"], code="units_exceed_volume", severity="warning", params=_volume(30, 22)),
        Finding(report_id=draft["id"], code="units_exceed_volume", severity="warning", params=_volume(1, 0)),
    ]
    Finding.objects.filter(report_id__in=[submitted["id"], draft["id"]]).delete()
    Finding.objects.bulk_create(rows)

    with translation.override("en"):
        table = findings_table(
            first=_period("2026-09"), last=_period("2026-10"), provider_id=world.provider.pk, contract_id=None
        )
        other = findings_table(first=_period("2026-09"), last=_period("2026-10"), provider_id=world.other_provider.pk)

    [row] = table.records()
    assert (row["code"], row["severity"], row["findings"], row["reports"]) == ("units_exceed_volume", "warning", 2, 1)
    assert str(row["example"]).startswith("25 units are entered, more than the planned volume of 22")
    assert other.rows == []
    assert Report.objects.get(pk=draft["id"]).state == "draft"


def _volume(units: int, volume: int) -> dict[str, Any]:
    return {
        f"{name}_{language}": str(value)
        for name, value in (("units", units), ("volume", volume))
        for language in ("fi", "sv", "en")
    }


def _period(value: str) -> Any:
    from core.periods import Period

    return Period.parse(value)
