"""The OpenAPI schema validates, and every endpoint in it has at least one test (SPEC §13).

`CALLS` holds one authorised call per (path, method) of the schema; the guard test fails when the schema
gains an endpoint that `CALLS` does not cover, so a new endpoint cannot arrive without a test.
"""

from __future__ import annotations

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

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Call:
    user: Any
    url: str
    body: dict[str, Any] = field(default_factory=dict)


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


def _report_change(world: World) -> Call:
    report = flow.report_in(world, "draft")
    return Call(world.reporter, flow.report_url(report["id"]), {"version": report["version"], "invoice_number": "1"})


# One authorised call per documented operation: reads as the contract monitor (who sees everything), writes
# as the social worker of the ordering unit (service orders), the provider's reporter (its reports) or the
# contract monitor (reviewing reports), with a body the endpoint accepts.
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
    ("/api/v1/reports/{id}/return/", "POST"): lambda w: Call(
        w.monitor, flow.report_url(_report(w, "submitted"), "return"), {"comment": "Korjaa tunnit"}
    ),
    ("/api/v1/reports/{id}/approve/", "POST"): lambda w: Call(
        w.monitor, flow.report_url(_report(w, "submitted"), "approve"), {"comment": "Kunnossa"}
    ),
    ("/api/v1/reports/{id}/reopen/", "POST"): lambda w: Call(
        w.monitor, flow.report_url(_report(w, "approved"), "reopen"), {"comment": "Tunnit väärin"}
    ),
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
    response = factories.api(call.user).generic(
        method, call.url, data=json.dumps(call.body), content_type="application/json"
    )
    assert 200 <= response.status_code < 300, response.content

    schema = _served_schema(world.monitor)
    documented = schema["paths"][path][method.lower()]["responses"]
    assert str(response.status_code) in documented
    body_schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**_as_json_schema(body_schema), "components": _as_json_schema(schema["components"])},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(response.json())]
    assert not errors
