"""The contract monitoring report composed from the real dashboards: what the PDF holds, and that making it
takes the same number of queries for 3 providers as for 40."""

from __future__ import annotations

import io
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from bench._monitoring_data import generate
from core.periods import Period
from reporting.monitoring.report.selectors import monitoring_report
from suppliers.access import actor_for
from tests import factories
from tests.reporting import flow

API = "/api/v1/monitoring/report.pdf"


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_of_a_provider_holds_every_dashboard_the_findings_and_its_name(world, client):
    flow.report_in(world, "approved", period="2026-09")
    client.force_login(world.monitor)
    composed = monitoring_report(
        actor=actor_for(world.monitor),
        first=Period.parse("2025-11"),
        last=Period.parse("2026-10"),
        provider_id=world.provider.pk,
    )

    response = client.get("/monitoring/report.pdf", {"provider": world.provider.pk, "from": "2025-11", "to": "2026-10"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Tuottaja A Oy" in text
    assert "Tuottaja B Oy" not in text
    assert "2025-11 – 2026-10" in text
    for dashboard in composed.dashboards:
        assert dashboard.title in text
    assert composed.findings is not None
    assert composed.findings.title in text


def test_the_pdf_of_a_contract_names_the_contract(world):
    response = factories.api(world.monitor).get(API, {"contract": world.line.contract_id})

    assert response.status_code == 200
    assert world.line.contract.number in _text(response.content)


def test_the_report_logs_every_client_its_tables_name(world):
    composed = monitoring_report(
        actor=actor_for(world.monitor), first=Period.parse("2026-01"), last=Period.parse("2026-10")
    )
    named = {client for dashboard in composed.dashboards for client in dashboard.client_ids}

    assert set(composed.client_ids) == named


def _queries(user: Any, query: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = factories.api(user).get(API, query)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_the_pdf_takes_the_same_number_of_queries_for_3_providers_as_for_40(world):
    months = {"from": "2026-08", "to": "2026-10"}
    generate(providers=3, orders=30, months=3, seed=1)
    provider = world.provider.pk
    _queries(world.monitor, months)  # warm the per-process caches (content types, translations)
    small_all, small_one = _queries(world.monitor, months), _queries(world.monitor, {**months, "provider": provider})

    generate(providers=37, orders=900, months=3, seed=2)

    assert _queries(world.monitor, months) == small_all
    assert _queries(world.monitor, {**months, "provider": provider}) == small_one
