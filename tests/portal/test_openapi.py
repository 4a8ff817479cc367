"""The OpenAPI schema validates, and every endpoint in it has at least one test (docs §13).

`CALLS` holds one authorised call per (path, method) of the schema; the guard test fails when the schema
gains an endpoint that `CALLS` does not cover, so a new endpoint cannot arrive without a test.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator

from tests import factories
from tests.conftest import World
from tests.reporting import flow
from tests.reporting.monitoring import self_evaluation_flow as evaluations

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Call:
    user: Any
    url: str
    body: dict[str, Any] = field(default_factory=dict)
    upload: bytes | None = None  # sent as the multipart `file` instead of a JSON body


def _new_order_body(world: World) -> dict[str, Any]:
    return {
        "client_identity_code": factories.identity_code(),
        "client_first_name": "Eino",
        "client_last_name": "Esimerkki",
        "ordering_unit": "adult-family-social-work",
        "contract_line": world.line.pk,
        "starts_on": "2027-01-01",
        "ends_on": "2027-06-30",
        "planned_volume": "18.00",
        "decision_number": "SOS-2026-77",
    }


def _report(world: World, state: str = "draft") -> int:
    return flow.report_in(world, state)["id"]


def _entry(world: World, state: str = "draft") -> str:
    report = _report(world, state)
    [entry] = flow.entries(world, report)
    return flow.entry_url(report, entry["id"])


def _entry_change(world: World) -> Call:
    url = _entry(world)
    version = factories.api(world.reporter).get(url).json()["version"]
    body = {"version": version, "units_delivered": "3", "days": [{"date": "2026-10-05", "status": "sick"}]}
    return Call(world.reporter, url, body)


def _report_list(world: World) -> Call:
    _report(world, "submitted")
    return Call(world.monitor, f"/api/v1/reports/?period=2026-10&provider={world.provider.pk}&state=submitted")


def _review_queue(world: World) -> Call:
    _report(world, "submitted")
    return Call(world.monitor, f"/api/v1/monitoring/review-queue/?provider={world.provider.pk}&min_age=0")


def _workbook_upload(world: World) -> Call:
    report = _report(world)
    workbook = factories.api(world.reporter).get(f"/api/v1/reports/{report}/template.xlsx").content
    return Call(world.reporter, f"/api/v1/reports/{report}/upload/?dry_run=1", upload=workbook)


def _report_change(world: World) -> Call:
    report = flow.report_in(world, "draft")
    return Call(world.reporter, flow.report_url(report["id"]), {"version": report["version"], "invoice_number": "1"})


def _review(world: World, action: str, comment: str) -> Call:
    """Return or approve a submitted report, with the version the reviewer read (both require it)."""
    report = flow.report_in(world, "submitted")
    return Call(
        world.monitor, flow.report_url(report["id"], action), {"version": report["version"], "comment": comment}
    )


def _payroll_batch(world: World) -> int:
    """A payroll batch of the approved September, made by the payroll clerk (who alone sees batches)."""
    flow.report_in(world, "approved", period="2026-09")
    response = factories.api(world.payroll).post("/api/v1/payroll-batches/", {"period": "2026-09"}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _job(world: World) -> int:
    """A finished monitoring-PDF job of the monitor (inline: no broker in tests)."""
    response = factories.api(world.monitor).post(
        "/api/v1/jobs/", {"kind": "monitoring_pdf", "parameters": {"from": "2026-09", "to": "2026-10"}}, format="json"
    )
    assert response.status_code == 202, response.json()
    return response.json()["id"]


def _payroll_create(world: World) -> Call:
    flow.report_in(world, "approved")
    return Call(world.payroll, "/api/v1/payroll-batches/", {"period": "2026-10"})


def _path(world: World, state: str = "active") -> int:
    """An employment path of world.order in `state` (proposed, active, closed), built through the services."""

    return factories.make_path(world, state=state).pk


def _evidence(world: World) -> int:

    return factories.make_path_with_evidence(world)[1].pk


def _path_close(world: World) -> Call:

    path, _evidence_file = factories.make_path_with_evidence(world)
    return Call(world.reporter, f"/api/v1/employment-paths/{path.pk}/close/", {"outcome": "studies"})


def _evaluation(world: World, state: str = "draft") -> int:
    make = {"draft": evaluations.create, "submitted": evaluations.submitted, "commented": evaluations.commented}
    return int(make[state](world)["id"])


def _goal_body() -> dict[str, Any]:
    return {
        "area": "daily_living",
        "description": "Arki sujuu",
        "baseline": "Lähtötaso",
        "level_minus_2": "a",
        "level_minus_1": "b",
        "level_0": "c",
        "level_plus_1": "d",
        "level_plus_2": "e",
        "weight": 1,
    }


def _monitoring_outcomes(world: World) -> Call:
    _report(world, "submitted")
    return Call(world.monitor, f"/api/v1/monitoring/outcomes/?from=2026-01&to=2026-10&provider={world.provider.pk}")


def _monitoring_report_pdf(world: World) -> Call:
    return Call(world.monitor, f"/api/v1/monitoring/report.pdf?provider={world.provider.pk}&from=2026-01&to=2026-10")


# One authorised call per documented operation: reads as the contract monitor (who sees everything), writes
# as the social worker of the ordering unit (service orders), the provider's reporter (its reports) or the
# contract monitor (reviewing reports), with a body the endpoint accepts. Payroll batches are the payroll
# clerk's alone, for reading as for writing.
CALLS: dict[tuple[str, str], Callable[[World], Call]] = {
    ("/api/v1/providers/", "GET"): lambda w: Call(w.monitor, "/api/v1/providers/"),
    ("/api/v1/providers/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/providers/{w.provider.pk}/"),
    ("/api/v1/products/", "GET"): lambda w: Call(w.monitor, "/api/v1/products/"),
    ("/api/v1/products/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/products/{w.line.product_id}/"),
    ("/api/v1/contracts/", "GET"): lambda w: Call(w.monitor, "/api/v1/contracts/"),
    ("/api/v1/contracts/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/contracts/{w.line.contract_id}/"),
    ("/api/v1/ordering-units/", "GET"): lambda w: Call(w.monitor, "/api/v1/ordering-units/"),
    ("/api/v1/work-share-rates/", "GET"): lambda w: Call(w.monitor, "/api/v1/work-share-rates/"),
    ("/api/v1/service-orders/", "GET"): lambda w: Call(w.monitor, "/api/v1/service-orders/?period=2026-11"),
    ("/api/v1/service-orders/", "POST"): lambda w: Call(w.social_worker, "/api/v1/service-orders/", _new_order_body(w)),
    ("/api/v1/service-orders/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/service-orders/{w.order.pk}/"),
    ("/api/v1/service-orders/{id}/", "PATCH"): lambda w: Call(
        w.social_worker,
        f"/api/v1/service-orders/{w.order.pk}/",
        {"version": w.order.version, "planned_volume": "12.00"},
    ),
    ("/api/v1/clients/", "GET"): lambda w: Call(w.monitor, "/api/v1/clients/"),
    ("/api/v1/clients/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/clients/{w.order.client_id}/"),
    ("/api/v1/reports/", "GET"): _report_list,
    ("/api/v1/reports/", "POST"): lambda w: Call(
        w.reporter, "/api/v1/reports/", {"contract": w.line.contract_id, "period": "2026-10"}
    ),
    ("/api/v1/reports/{id}/", "GET"): lambda w: Call(w.monitor, flow.report_url(_report(w, "submitted"))),
    ("/api/v1/reports/{id}/", "PATCH"): _report_change,
    ("/api/v1/reports/{id}/entries/", "GET"): lambda w: Call(w.monitor, f"/api/v1/reports/{_report(w)}/entries/"),
    ("/api/v1/reports/{id}/entries/{entry_id}/", "GET"): lambda w: Call(w.monitor, _entry(w)),
    ("/api/v1/reports/{id}/entries/{entry_id}/", "PATCH"): _entry_change,
    ("/api/v1/reports/{id}/findings/", "GET"): lambda w: Call(
        w.monitor, flow.report_url(_report(w, "submitted"), "findings")
    ),
    ("/api/v1/reports/{id}/validate/", "POST"): lambda w: Call(w.reporter, flow.report_url(_report(w), "validate")),
    ("/api/v1/reports/{id}/submit/", "POST"): lambda w: Call(w.reporter, flow.report_url(_report(w), "submit")),
    ("/api/v1/reports/{id}/return/", "POST"): lambda w: _review(w, "return", "Korjaa tunnit"),
    ("/api/v1/reports/{id}/approve/", "POST"): lambda w: _review(w, "approve", "Kunnossa"),
    ("/api/v1/reports/{id}/reopen/", "POST"): lambda w: Call(
        w.monitor, flow.report_url(_report(w, "approved"), "reopen"), {"comment": "Tunnit väärin"}
    ),
    ("/api/v1/reports/{id}/template.xlsx", "GET"): lambda w: Call(
        w.monitor, f"/api/v1/reports/{_report(w)}/template.xlsx"
    ),
    ("/api/v1/reports/{id}/upload/", "POST"): _workbook_upload,
    ("/api/v1/payroll-batches/", "GET"): lambda w: Call(w.payroll, "/api/v1/payroll-batches/"),
    ("/api/v1/payroll-batches/", "POST"): _payroll_create,
    ("/api/v1/jobs/", "GET"): lambda w: Call(w.monitor, "/api/v1/jobs/"),
    ("/api/v1/jobs/", "POST"): lambda w: Call(
        w.monitor, "/api/v1/jobs/", {"kind": "monitoring_pdf", "parameters": {"from": "2026-09", "to": "2026-10"}}
    ),
    ("/api/v1/jobs/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/jobs/{_job(w)}/"),
    ("/api/v1/jobs/{id}/download/", "GET"): lambda w: Call(w.monitor, f"/api/v1/jobs/{_job(w)}/download/"),
    ("/api/v1/payroll-batches/{id}/", "GET"): lambda w: Call(
        w.payroll, f"/api/v1/payroll-batches/{_payroll_batch(w)}/"
    ),
    ("/api/v1/payroll-batches/{id}/export.xlsx", "GET"): lambda w: Call(
        w.payroll, f"/api/v1/payroll-batches/{_payroll_batch(w)}/export.xlsx"
    ),
    ("/api/v1/payroll-batches/{id}/export.csv", "GET"): lambda w: Call(
        w.payroll, f"/api/v1/payroll-batches/{_payroll_batch(w)}/export.csv"
    ),
    ("/api/v1/service-orders/{id}/goals/", "GET"): lambda w: Call(
        w.monitor, f"/api/v1/service-orders/{w.order.pk}/goals/"
    ),
    ("/api/v1/service-orders/{id}/goals/", "POST"): lambda w: Call(
        w.social_worker, f"/api/v1/service-orders/{w.order.pk}/goals/", _goal_body()
    ),
    ("/api/v1/goals/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/goals/{w.order.goals.get().pk}/"),
    ("/api/v1/goals/{id}/", "PATCH"): lambda w: Call(
        w.social_worker, f"/api/v1/goals/{w.order.goals.get().pk}/", {"weight": 2}
    ),
    ("/api/v1/service-orders/{id}/quality-of-life/", "GET"): lambda w: Call(
        w.monitor, f"/api/v1/service-orders/{w.order.pk}/quality-of-life/"
    ),
    ("/api/v1/service-orders/{id}/quality-of-life/", "POST"): lambda w: Call(
        w.reporter,
        f"/api/v1/service-orders/{w.order.pk}/quality-of-life/",
        {"kind": "start", "assessed_on": "2026-01-15", "items": [3, 3, 4, 2, 3, 3, 4, 3]},
    ),
    ("/api/v1/service-orders/{id}/employment-paths/", "GET"): lambda w: Call(
        w.monitor, f"/api/v1/service-orders/{w.order.pk}/employment-paths/"
    ),
    ("/api/v1/service-orders/{id}/employment-paths/", "POST"): lambda w: Call(
        w.reporter,
        f"/api/v1/service-orders/{w.order.pk}/employment-paths/",
        {"justification": "Täsmällinen ja sitoutunut", "goals": ["Työkokeilu"]},
    ),
    ("/api/v1/employment-paths/{id}/", "GET"): lambda w: Call(w.monitor, f"/api/v1/employment-paths/{_path(w)}/"),
    ("/api/v1/employment-paths/{id}/decide/", "POST"): lambda w: Call(
        w.social_worker,
        f"/api/v1/employment-paths/{_path(w, 'proposed')}/decide/",
        {"decision": "accept", "starts_on": "2026-11-01", "ends_on": "2027-04-30", "comment": "Hyvä"},
    ),
    ("/api/v1/employment-paths/{id}/goals/", "POST"): lambda w: Call(
        w.reporter, f"/api/v1/employment-paths/{_path(w)}/goals/", {"description": "Oppisopimus"}
    ),
    ("/api/v1/employment-paths/{id}/progress/", "POST"): lambda w: Call(
        w.reporter, f"/api/v1/employment-paths/{_path(w)}/progress/", {"period": "2026-10", "narrative": "Hyvin"}
    ),
    ("/api/v1/employment-paths/{id}/evidence/", "POST"): lambda w: Call(
        w.reporter, f"/api/v1/employment-paths/{_path(w)}/evidence/", upload=b"%PDF-1.7\n%%EOF\n"
    ),
    ("/api/v1/employment-paths/{id}/close/", "POST"): _path_close,
    ("/api/v1/employment-paths/{id}/verify/", "POST"): lambda w: Call(
        w.social_worker, f"/api/v1/employment-paths/{_path(w, 'closed')}/verify/", {"comment": "Tarkistettu"}
    ),
    ("/api/v1/evidence/{id}/download/", "GET"): lambda w: Call(w.monitor, f"/api/v1/evidence/{_evidence(w)}/download/"),
    ("/api/v1/outcomes/gas/", "GET"): lambda w: Call(w.monitor, "/api/v1/outcomes/gas/?period=2026-10&group=product"),
    ("/api/v1/self-evaluations/", "GET"): lambda w: Call(w.monitor, "/api/v1/self-evaluations/?year=2026"),
    ("/api/v1/self-evaluations/", "POST"): lambda w: Call(
        w.reporter, evaluations.URL, {"kind": "quarter", "year": 2026, "quarter": 3, **evaluations.TEXTS}
    ),
    ("/api/v1/self-evaluations/{id}/", "GET"): lambda w: Call(w.monitor, evaluations.url(_evaluation(w, "commented"))),
    ("/api/v1/self-evaluations/{id}/", "PATCH"): lambda w: Call(
        w.reporter, evaluations.url(_evaluation(w)), {"version": 1, "objectives": "Osallisuus"}
    ),
    ("/api/v1/self-evaluations/{id}/submit/", "POST"): lambda w: Call(
        w.reporter, evaluations.url(_evaluation(w), "submit"), {"version": 1}
    ),
    ("/api/v1/self-evaluations/{id}/comments/", "POST"): lambda w: Call(
        w.monitor, evaluations.url(_evaluation(w, "submitted"), "comments"), {"text": "Hyvä arvio"}
    ),
    ("/api/v1/monitoring/review-queue/", "GET"): _review_queue,
    ("/api/v1/reports/{id}/changes/", "GET"): lambda w: Call(
        w.reporter, flow.report_url(_report(w, "returned"), "changes")
    ),
    ("/api/v1/monitoring/outcomes/", "GET"): _monitoring_outcomes,
    ("/api/v1/monitoring/anomalies/", "GET"): lambda w: Call(
        w.monitor, f"/api/v1/monitoring/anomalies/?from=2026-01&to=2026-10&contract={w.line.contract_id}"
    ),
    ("/api/v1/monitoring/completeness/", "GET"): lambda w: Call(
        w.monitor, "/api/v1/monitoring/completeness/?from=2026-01&to=2026-10"
    ),
    ("/api/v1/monitoring/money/", "GET"): lambda w: Call(
        w.monitor, "/api/v1/monitoring/money/?from=2026-01&to=2026-10"
    ),
    ("/api/v1/monitoring/budget/", "GET"): lambda w: Call(w.lead, "/api/v1/monitoring/budget/?year=2026"),
    ("/api/v1/monitoring/report.pdf", "GET"): _monitoring_report_pdf,
}


def _generated_schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (path, method.upper()) for path, item in schema["paths"].items() for method in item if method in HTTP_METHODS
    }


def _as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes "or null"; the rest carries over."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _served_schema(user: Any) -> dict[str, Any]:
    response = factories.api(user).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


# The schema itself ----------------------------------------------------------------------------------------


def test_the_served_schema_is_valid_openapi(world):
    response = factories.api(world.reporter).get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    served = yaml.safe_load(response.content)
    validate_schema(served)
    assert served["openapi"].startswith("3.")


def test_the_served_json_schema_is_valid_openapi(world):
    validate_schema(_served_schema(world.monitor))


def test_the_generated_schema_is_valid_openapi_without_warnings():
    GENERATOR_STATS.reset()
    schema = _generated_schema()
    validate_schema(schema)
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema"


def test_the_spectacular_command_validates_the_schema_without_warnings(tmp_path: Path):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    written = yaml.safe_load(target.read_text())
    assert set(written["paths"]) == set(_generated_schema()["paths"])


def test_the_schema_documents_token_and_session_authentication():
    schemes = _generated_schema()["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey"
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["tokenAuth"]["name"] == "Authorization"
    assert "cookieAuth" in schemes


def test_the_schema_documents_the_service_order_filters_of_the_spec():
    parameters = _generated_schema()["paths"]["/api/v1/service-orders/"]["get"]["parameters"]
    assert {"period", "provider"} <= {parameter["name"] for parameter in parameters}


def test_the_schema_documents_every_month_as_a_year_dash_month_string():
    schema = _generated_schema()
    period = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}
    bodies = schema["components"]["schemas"]
    for name in ("ReportCreateRequest", "PayrollBatchCreateRequest", "PathProgressInputRequest"):
        assert period.items() <= bodies[name]["properties"]["period"].items(), name
    for path in ("/api/v1/reports/", "/api/v1/payroll-batches/", "/api/v1/service-orders/"):
        (parameter,) = [one for one in schema["paths"][path]["get"]["parameters"] if one["name"] == "period"]
        assert period.items() <= parameter["schema"].items(), path


def test_the_docs_page_is_html_that_loads_the_schema(world):
    api = factories.api(world.reporter)
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    # Swagger UI comes from our own static files and its settings script, not inline code or a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    script = api.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


def test_a_browser_without_a_session_is_sent_from_the_docs_to_the_login_page_and_back(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/v1/docs/"


def test_the_schema_still_answers_a_machine_client_without_credentials_with_401(client):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 401


# Every endpoint ------------------------------------------------------------------------------------------


def test_every_endpoint_in_the_schema_has_a_call_in_this_module():
    documented = _operations(_generated_schema())
    untested = sorted(documented - set(CALLS))
    assert not untested, f"endpoints without a test: add them to CALLS in {__name__}: {untested}"
    stale = sorted(set(CALLS) - documented)
    assert not stale, f"CALLS names endpoints the schema no longer has: {stale}"


@pytest.mark.parametrize(("path", "method"), sorted(CALLS))
def test_an_authorised_call_to_every_endpoint_succeeds_with_the_documented_shape(world, path, method):
    call = CALLS[(path, method)](world)
    assert re.sub(r"/\d+/", "/{id}/", call.url.split("?")[0]) == re.sub(r"\{[^}]+\}", "{id}", path)
    if call.upload is not None:
        file = io.BytesIO(call.upload)
        file.name = "upload.xlsx"
        response = factories.api(call.user).post(call.url, {"file": file}, format="multipart")
    else:
        response = factories.api(call.user).generic(
            method, call.url, data=json.dumps(call.body), content_type="application/json"
        )
    assert 200 <= response.status_code < 300, response.content

    schema = _served_schema(world.monitor)
    documented = schema["paths"][path][method.lower()]["responses"]
    assert str(response.status_code) in documented
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in documented[str(response.status_code)]["content"]
    if content_type != "application/json":
        return  # a file (the workbook): its media type is what the schema promises
    body_schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**_as_json_schema(body_schema), "components": _as_json_schema(schema["components"])},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(response.json())]
    assert not errors
