from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from reporting.monitoring.report import views as report_views
from reporting.monitoring.report.pdf import MonitoringReport
from reporting.monitoring.tables import Column, Dashboard, Table


@pytest.fixture
def composed(world: Any, monkeypatch: Any) -> list[dict[str, Any]]:
    """The monitoring report's composer replaced by a fixed report naming world's client (the content is
    tested with the dashboards); what is tested here is the job around it."""
    calls: list[dict[str, Any]] = []

    def fake(**kwargs: Any) -> MonitoringReport:
        calls.append(kwargs)
        named = Table(
            "anomalies", "Anomalies", [Column("client", "Client")], [[world.order.client.identity_code_masked]]
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
