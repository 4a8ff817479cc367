"""Every read of client data leaves an access-log row naming the user and the client (docs §2, §11).

The direct tests read each resource once. The walker below goes through every URL pattern of the project:
each one is either listed as showing no client data (with the reason) or is opened with a real object as a
user allowed to see it, and must leave a row for that user and client. A new URL pattern that is in neither
list fails `test_every_url_pattern_is_classified`: whoever adds a page, an API endpoint or an admin model
decides here whether it shows client data, and if it does, the walker checks that it logs. One module past
500 lines: the URL classification must be one list, so that no pattern escapes it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from contracts.models import ServiceOrder
from reporting.models import PayrollBatch, Report, ReportEntry
from suppliers.models import AccessAction, Client, ClientAccessLog
from suppliers.services import client_access_record
from tests import factories
from tests.conftest import World
from tests.reporting import flow

User = get_user_model()


def _rows(user: Any, *, after: int = 0) -> list[ClientAccessLog]:
    return list(ClientAccessLog.objects.filter(user=user, id__gt=after).order_by("id"))


def _last_id() -> int:
    return ClientAccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _page_client(user: Any) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def _superuser() -> Any:
    return User.objects.create_superuser(username="root", password=factories.PASSWORD, email="root@example.invalid")


def _order_payload(world: World, **overrides: Any) -> dict[str, Any]:
    payload = {
        "client_identity_code": factories.identity_code(),
        "client_first_name": "Eino",
        "client_last_name": "Esimerkki",
        "ordering_unit": "adult-family-social-work",
        "contract_line": world.line.pk,
        "starts_on": "2026-12-01",
        "ends_on": "2027-05-31",
        "planned_volume": "18.00",
        "decision_number": "SOS-2026-77",
    }
    payload.update(overrides)
    return payload


# Direct tests: each way of reading a client ------------------------------------------------------------------


def test_listing_service_orders_through_the_api_logs_every_client_listed(world):
    response = factories.api(world.monitor).get("/api/v1/service-orders/")

    assert response.status_code == 200
    rows = _rows(world.monitor)
    assert {row.client_id for row in rows} == {world.order.client_id, world.other_order.client_id}
    assert {(row.action, row.resource, row.object_ref) for row in rows} == {
        (AccessAction.LIST, "api:service-order-list", "")
    }


def test_reading_a_service_order_through_the_api_logs_its_client(world):
    response = factories.api(world.reporter).get(f"/api/v1/service-orders/{world.order.pk}/")

    assert response.status_code == 200
    [row] = _rows(world.reporter)
    assert row.client_id == world.order.client_id
    assert row.action == AccessAction.VIEW
    assert row.resource == "api:service-order-detail"
    assert row.object_ref == f"service_order:{world.order.pk}"


def test_an_access_log_row_records_when_it_happened(world):
    factories.api(world.reporter).get(f"/api/v1/service-orders/{world.order.pk}/")

    [row] = _rows(world.reporter)
    assert row.at.date() == datetime.date(2026, 11, 23)


def test_listing_clients_through_the_api_logs_every_client_listed(world):
    response = factories.api(world.social_worker).get("/api/v1/clients/")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {world.order.client_id, world.other_order.client_id}
    rows = _rows(world.social_worker)
    assert {row.client_id for row in rows} == {world.order.client_id, world.other_order.client_id}
    assert {(row.action, row.resource) for row in rows} == {(AccessAction.LIST, "api:client-list")}


def test_reading_a_client_through_the_api_logs_them(world):
    response = factories.api(world.reporter).get(f"/api/v1/clients/{world.order.client_id}/")

    assert response.status_code == 200
    [row] = _rows(world.reporter)
    assert (row.client_id, row.action, row.resource, row.object_ref) == (
        world.order.client_id,
        AccessAction.VIEW,
        "api:client-detail",
        f"client:{world.order.client_id}",
    )


def test_the_service_order_list_page_logs_every_client_listed(world, client):
    client.force_login(world.reporter)

    response = client.get("/service-orders/")

    assert response.status_code == 200
    [row] = _rows(world.reporter)
    assert (row.client_id, row.action, row.resource) == (
        world.order.client_id,
        AccessAction.LIST,
        "page:service-order-list",
    )


def test_the_service_order_page_logs_its_client(world, client):
    client.force_login(world.social_worker)

    response = client.get(f"/service-orders/{world.order.pk}/")

    assert response.status_code == 200
    [row] = _rows(world.social_worker)
    assert (row.client_id, row.action, row.resource, row.object_ref) == (
        world.order.client_id,
        AccessAction.VIEW,
        "page:service-order-detail",
        f"service_order:{world.order.pk}",
    )


def test_the_client_page_logs_the_client(world, client):
    client.force_login(world.lead)

    response = client.get(f"/clients/{world.order.client_id}/")

    assert response.status_code == 200
    [row] = _rows(world.lead)
    assert (row.client_id, row.action, row.resource, row.object_ref) == (
        world.order.client_id,
        AccessAction.VIEW,
        "page:client-detail",
        f"client:{world.order.client_id}",
    )


def test_creating_a_service_order_through_the_api_logs_the_client(world):
    response = factories.api(world.social_worker).post("/api/v1/service-orders/", _order_payload(world), format="json")

    assert response.status_code == 201, response.json()
    order = ServiceOrder.objects.get(pk=response.json()["id"])
    [row] = _rows(world.social_worker)
    assert (row.client_id, row.action, row.object_ref) == (
        order.client_id,
        AccessAction.CREATE,
        f"service_order:{order.pk}",
    )


def test_creating_a_service_order_on_the_page_logs_the_client(world, client):
    client.force_login(world.social_worker)
    payload = _order_payload(world, ordering_unit=factories.unit("adult-family-social-work").pk)

    response = client.post("/service-orders/new/", payload)

    assert response.status_code == 302
    order = ServiceOrder.objects.get(decision_number="SOS-2026-77")
    assert response["Location"] == f"/service-orders/{order.pk}/"
    [row] = _rows(world.social_worker)
    assert (row.client_id, row.action, row.resource) == (
        order.client_id,
        AccessAction.CREATE,
        "page:service-order-create",
    )


def test_changing_a_service_order_through_the_api_logs_the_client(world):
    response = factories.api(world.social_worker).patch(
        f"/api/v1/service-orders/{world.order.pk}/", {"version": 1, "planned_volume": "12.00"}, format="json"
    )

    assert response.status_code == 200, response.json()
    [row] = _rows(world.social_worker)
    assert (row.client_id, row.action) == (world.order.client_id, AccessAction.UPDATE)


def test_a_refused_read_leaves_no_row(world, client):
    client.force_login(world.other_reporter)

    assert client.get(f"/service-orders/{world.order.pk}/").status_code == 404
    assert client.get(f"/clients/{world.order.client_id}/").status_code == 404
    assert factories.api(world.other_reporter).get(f"/api/v1/service-orders/{world.order.pk}/").status_code == 404

    assert _rows(world.other_reporter) == []


def test_an_order_that_fails_to_be_created_leaves_no_row(world):
    payload = _order_payload(world, client_identity_code="010190-900X")

    response = factories.api(world.social_worker).post("/api/v1/service-orders/", payload, format="json")

    assert response.status_code == 400
    assert _rows(world.social_worker) == []


def test_a_list_logs_only_the_page_it_shows(world):
    for _ in range(3):
        factories.make_order(world.line, worker=world.social_worker)

    response = factories.api(world.monitor).get("/api/v1/service-orders/?page_size=2")

    assert response.status_code == 200
    shown = {row["client"]["id"] for row in response.json()["results"]}
    assert len(shown) == 2
    assert {row.client_id for row in _rows(world.monitor)} == shown


def test_the_admin_client_list_logs_every_client_listed(world, client):
    world.administrator.is_staff = True
    world.administrator.save(update_fields=["is_staff"])
    client.force_login(world.administrator)

    response = client.get("/admin/suppliers/client/")

    assert response.status_code == 200
    rows = _rows(world.administrator)
    assert {row.client_id for row in rows} == {world.order.client_id, world.other_order.client_id}
    assert {(row.action, row.resource) for row in rows} == {(AccessAction.LIST, "admin:suppliers_client_changelist")}


def test_the_admin_autocomplete_does_not_list_clients(world, client):
    # It would list clients by name for any foreign key pointing at them, without an access-log row.
    client.force_login(_superuser())

    for source in ("contracts/serviceorder/client", "suppliers/clientaccesslog/client", "contracts/goal/service_order"):
        app_label, model_name, field_name = source.split("/")
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
        )
        assert response.status_code == 404, source
        assert world.order.client.last_name not in response.content.decode()
        assert world.order.decision_number not in response.content.decode()


def test_the_admin_autocomplete_still_serves_providers(world, client):
    client.force_login(_superuser())

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "suppliers", "model_name": "providermembership", "field_name": "provider", "term": "Tuottaja"},
    )

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {str(world.provider.pk), str(world.other_provider.pk)}


# The walker ---------------------------------------------------------------------------------------------------

# URLs that show no client data, each with the reason. Keys are URL names (namespace:name), or the route for a
# pattern without a name.
NO_CLIENT_DATA: dict[str, str] = {
    "home": "figures (counts of orders), contracts, and the provider's reports with the city's comments, whose "
    "entries are named by decision number only; no client is named",
    "login": "the login form",
    "logout": "POST only; redirects",
    "set_language": "stores the language and redirects",
    "staff-list": "the provider admin's staff (names, e-mail, roles) and their staff events; no client",
    "staff-invite": "the invitation form; no client",
    "staff-detail": "one staff member's role and state; no client",
    "staff-welcome": "an invited person sets their password; no client",
    "api-token-list": "the provider's API tokens (name, holder, dates), never a key; no client",
    "api-token-revoke": "POST only; revokes a token and redirects",
    "healthz": "the process answers: a fixed JSON status",
    "readyz": "ok / unavailable per dependency (database, Redis)",
    "service-order-create": "an empty form on GET; a POST that creates an order is logged (tested above)",
    "contract-list": "contracts and providers",
    "contract-detail": "a contract and its price list",
    "product-list": "the catalogue",
    "api:schema": "the OpenAPI schema",
    "api:docs": "the API documentation page",
    "api:provider-list": "providers",
    "api:provider-detail": "a provider",
    "api:product-list": "the catalogue",
    "api:product-detail": "a product",
    "api:contract-list": "contracts and price lists",
    "api:contract-detail": "a contract and its price list",
    "api:ordering-unit-list": "the city's ordering units",
    "api:work-share-rate-list": "the work-share decisions",
    "admin:index": "the model list, and the signed-in user's own recent actions",
    "admin:login": "the login form",
    "admin:logout": "POST only; redirects",
    "admin:password_change": "the user's own password form",
    "admin:password_change_done": "a confirmation",
    "admin:autocomplete": "refuses the models with client data (test_the_admin_autocomplete_does_not_list_clients)",
    "admin:jsi18n": "the admin's JavaScript translations",
    "admin:view_on_site": "a redirect to an object's public URL; the client-data models have none",
    "admin:app_list": "the model list of one app",
    "admin/(?P<url>.*)$": "the admin's catch-all: redirects or 404",
    "admin:auth_user_password_change": "a staff user's password form",
    # Signing in (accounts/): forms and the user's own sign-in settings; no client data.
    "two-factor-verify": "the code form of the second sign-in step",
    "two-factor-enrol": "the authenticator set-up: a QR code, the user's key and the recovery codes",
    "two-factor-qr": "the QR image of the user's own authenticator key",
    "account-security": "the user's own password and two-factor settings",
    "provider-two-factor": "a provider admin's two-factor rule for their staff",
    "password_change": "the user's own password form",
    "password_change_done": "a confirmation",
    "password_reset": "the password reset form (an e-mail address)",
    "password_reset_done": "a confirmation",
    "password_reset_confirm": "the new password form of a reset link",
    "password_reset_complete": "a confirmation",
    "report-month": "the month's reports: contracts, providers, states and deadlines; no client is named",
    "report-create": "POST only; creates the month's report and redirects",
    "report-action": "POST only (validate, submit, reopen); redirects to the report's page",
    "api:report-list": "reports: provider, contract, month, state, totals; no client is named",
    "api:report-detail": "a report, its totals and its events (the staff who acted); its entries are not in it",
    "api:report-findings": "findings: rule codes, messages, entry ids, dates and fields; no client is named",
    "api:report-validate": "POST only; answers with findings, which name no client",
    "api:report-submit": "POST only; answers with the report (or its findings), which name no client",
    "api:report-return": "POST only; answers with the report, which names no client",
    "api:report-approve": "POST only; answers with the report, which names no client",
    "api:report-reopen": "POST only; answers with the new revision, which names no client",
    "api:report-changes": "changes by entry id and decision number (days, units, goal levels, money); no client",
    "monitoring-review": "the review queue: providers, contracts, months, counts and cost; no client is named",
    "api:monitoring-review-queue": "the review queue: providers, contracts, months, counts and cost; no client",
    "payroll-batch-list": "payroll batches: month, provider, totals and checksums; no client is named",
    "job-list": "the user's own background jobs: kind, state and times; no client is named",
    "job-detail": "a job's state, parameters (ids and months) and download link; no client is named",
    "api:job-list": "the caller's jobs: kind, state, parameters (ids and months); no client is named",
    "api:job-detail": "a job's state and parameters (ids and months); no client is named",
    "monitoring-report-job": "POST only, starts the PDF job; the clients it names are logged at each download",
    "report-workbook-job": "POST only, starts the workbook job; its clients are logged at each download",
    "payroll-batch-detail": "a batch's totals per provider and ordering unit; its clients are only in the files",
    "api:payroll-batch-list": "batches with totals; a POST answers with the batch's totals, which name no client",
    "api:payroll-batch-detail": "a batch's totals per provider and ordering unit; its clients are only in the files",
    "api:report-upload": "POST only; answers with findings located by sheet and cell; an applied upload is logged",
    "report-upload": "the upload form for the provider's staff; the preview shows findings by cell, no client; "
    "an applied upload is logged",
    "monitoring": "the list of monitoring dashboards",
    "self-evaluation-list": "providers' self-evaluations: periods, states, comment counts; participants are counted",
    "self-evaluation-create": "the form of a self-evaluation, which tells not to name clients; they are counted",
    "self-evaluation-detail": "a self-evaluation and the city's comments; participants are counted, not named",
    "api:self-evaluation-list": "self-evaluations: the provider's narrative of a period; participants are counted",
    "api:self-evaluation-detail": "a self-evaluation and the city's comments; participants are counted, not named",
    "api:self-evaluation-submit": "POST only; answers with the self-evaluation, which names no client",
    "api:self-evaluation-comments": "POST only; answers with the self-evaluation and its comments; no client",
    "monitoring-completeness": "counts of expected, submitted, on-time, returned and approved reports per provider "
    "and month; no client is named",
    "api:monitoring-completeness": "the same counts as JSON; no client is named",
    "monitoring-report": "the monitoring report's form: providers, contracts and months",
    "gas-outcomes": "mean T-scores per provider or product, with n; no client is named",
    "api:gas-outcomes": "mean T-scores per provider or product, with n; no client is named",
    "monitoring-outcomes": "means per provider, product and month, with n and cost; no client is named",
    "api:monitoring-outcomes": "means per provider, product and month, with n and cost; no client is named",
    "monitoring-money": "volumes and cost summed by month, product, provider and ordering unit; no client is named",
    "api:monitoring-money": "volumes and cost summed by month, product, provider and ordering unit; no client is named",
    "monitoring-budget": "budget use summed per ordering unit and month; no client is named",
    "api:monitoring-budget": "budget use summed per ordering unit and month; no client is named",
    "employment-path-action": "POST only (decide, goal, progress, evidence, close, verify); logged; redirects",
    "api:employment-path-decide": "POST only; answers with the path and logs its client (test_employment_path)",
    "api:employment-path-goals": "POST only; answers with the path and logs its client",
    "api:employment-path-progress": "POST only; answers with the path and logs its client",
    "api:employment-path-evidence": "POST only; answers with the file's metadata and logs its client",
    "api:employment-path-close": "POST only; answers with the path and logs its client",
    "api:employment-path-verify": "POST only; answers with the path and logs its client",
}

# Admin models whose pages show no client data: the city's catalogue, contracts, providers and staff.
ADMIN_MODELS_WITHOUT_CLIENT_DATA = {
    "reporting.job",  # kind, state, parameters (ids and months); neither its file nor its clients' ids
    "auth.group",
    "auth.user",
    "suppliers.apitoken",
    "suppliers.staffevent",
    # Signing in: security events and providers' rules, two-factor devices, django-axes' attempts (usernames,
    # addresses, times).
    "accounts.securityevent",
    "accounts.providertwofactorpolicy",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "suppliers.provider",
    "suppliers.providermembership",
    "suppliers.userpreference",
    "contracts.procurement",
    "contracts.product",
    "contracts.orderingunit",
    "contracts.contract",
    "contracts.contractline",
    "contracts.worksharerate",
    "reporting.selfevaluation",
}
# The admin pages of a client-data model that show none: the add form is empty (or refused).
ADMIN_VIEWS_WITHOUT_CLIENT_DATA = {"add/"}
# Admin pages of a client-data model that the admin refuses even to a superuser: the log is append-only.
# So are the goal-and-path models': the portal's services change them, the admin only shows them.
ADMIN_VIEWS_REFUSED = {
    ("suppliers.clientaccesslog", "<path:object_id>/delete/"),
    ("contracts.qualityoflifeassessment", "<path:object_id>/delete/"),
    ("contracts.employmentpath", "<path:object_id>/delete/"),
}


@dataclass(frozen=True)
class Shows:
    """A URL that shows client data: the object its path points at, and the clients it must log.

    The target's pk fills <pk>, <object_id> and <object_pk>; `path_values` fills any other parameter. `user`
    opens it when the monitor (or, in the admin, a superuser) may not: payroll files are the payroll clerk's.
    """

    target: Callable[[World], Model | None]
    clients: Callable[[World], list[Client]]
    path_values: Callable[[World], dict[str, Any]] = lambda world: {}
    user: Callable[[World], Any] | None = None


def _both_clients(world: World) -> list[Client]:
    return [world.order.client, world.other_order.client]


def _one_order(world: World) -> Model:
    return world.order


def _one_client(world: World) -> Model:
    return world.order.client


def _its_client(world: World) -> list[Client]:
    return [world.order.client]


def _one_report(world: World) -> Report:
    """World's provider's October report (created once through the API; the same one after that)."""
    return Report.objects.get(pk=flow.create(world)["id"])


def _its_entry(world: World) -> dict[str, Any]:
    entry = ReportEntry.objects.get(report=_one_report(world), service_order=world.order)
    return {"entry_id": entry.pk}


def _payroll_batch(world: World) -> PayrollBatch:
    """A batch of world's provider's approved September, made once by the payroll clerk."""
    existing = PayrollBatch.objects.order_by("id").first()
    if existing is not None:
        return existing
    flow.report_in(world, "approved", period="2026-09")
    response = factories.api(world.payroll).post("/api/v1/payroll-batches/", {"period": "2026-09"}, format="json")
    assert response.status_code == 201, response.json()
    return PayrollBatch.objects.get(pk=response.json()["id"])


def _payroll_clerk(world: World) -> Any:
    return world.payroll


def _one_path(world: World) -> Model:
    """World's order's employment path, accepted (made once through the services; the same one after that)."""
    from contracts.models import EmploymentPath

    return EmploymentPath.objects.filter(service_order=world.order).first() or factories.make_path(
        world, state="active"
    )


def _one_evidence(world: World) -> Model:
    from contracts.models import EvidenceFile
    from contracts.services import evidence_upload

    path: Any = _one_path(world)
    existing = EvidenceFile.objects.filter(path=path).first()
    return existing or evidence_upload(user=world.reporter, path=path, upload=factories.evidence_file())


def _one_assessment(world: World) -> Model:
    from contracts.models import QualityOfLifeAssessment

    return QualityOfLifeAssessment.objects.get_or_create(
        service_order=world.order,
        kind="start",
        defaults={
            "assessed_on": world.order.starts_on,
            "recorded_by": world.social_worker,
            **{f"item_{number}": 3 for number in range(1, 9)},
        },
    )[0]


def _one_goal(world: World) -> Model:
    return world.order.goals.get()


def _hours_at_maximum(world: World) -> None:
    """An anomaly that names world's order's client: August at the daily maximum, submitted (made once)."""
    if Report.objects.filter(contract=world.line.contract, period="2026-08").exists():
        return None
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-08")
    hours = str(world.line.product.max_daily_hours)
    days = tuple((datetime.date(2026, 8, day), "present", hours) for day in range(3, 8))
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter, days=days)
    factories.submit_report(report, user=world.reporter)
    return None


def _social_worker(world: World) -> Any:
    return world.social_worker


def _reporter(world: World) -> Any:
    return world.reporter


CLIENT_DATA: dict[str, Shows] = {
    "report-detail": Shows(_one_report, _its_client),
    "monitoring-review-report": Shows(_one_report, _its_client),
    "report-entry": Shows(_one_report, _its_client, _its_entry),
    "api:report-entry-list": Shows(_one_report, _its_client),
    "api:report-entry-detail": Shows(_one_report, _its_client, _its_entry),
    "report-template": Shows(_one_report, _its_client),
    "api:report-template": Shows(_one_report, _its_client),
    "service-order-list": Shows(lambda world: None, _both_clients),
    "service-order-detail": Shows(_one_order, _its_client),
    "client-detail": Shows(_one_client, _its_client),
    "api:service-order-list": Shows(lambda world: None, _both_clients),
    "api:service-order-detail": Shows(_one_order, _its_client),
    "api:client-list": Shows(lambda world: None, _both_clients),
    "api:client-detail": Shows(_one_client, _its_client),
    # Payroll files carry full identity codes: each download logs every client in the batch.
    "api:payroll-batch-xlsx": Shows(_payroll_batch, _its_client, user=_payroll_clerk),
    "api:payroll-batch-csv": Shows(_payroll_batch, _its_client, user=_payroll_clerk),
    "payroll-batch-download": Shows(_payroll_batch, _its_client, lambda world: {"kind": "xlsx"}, _payroll_clerk),
    # Goals, quality of life, the employment path and its evidence (the goal and path forms as their users).
    "goal-create": Shows(_one_order, _its_client, user=_social_worker),
    "goal-edit": Shows(_one_goal, _its_client, user=_social_worker),
    "quality-of-life": Shows(_one_order, _its_client),
    "employment-path-propose": Shows(_one_order, _its_client, user=_reporter),
    "employment-path-detail": Shows(_one_path, _its_client),
    "evidence-download": Shows(_one_evidence, _its_client),
    "api:service-order-goals": Shows(_one_order, _its_client),
    "api:goal-detail": Shows(_one_goal, _its_client),
    "api:service-order-quality-of-life": Shows(_one_order, _its_client),
    "api:service-order-employment-paths": Shows(_one_order, _its_client),
    "api:employment-path-detail": Shows(_one_path, _its_client),
    "api:evidence-download": Shows(_one_evidence, _its_client),
    # The anomalies name clients: world's order worked the daily maximum every present day of August.
    "monitoring-anomalies": Shows(_hours_at_maximum, _its_client),
    "api:monitoring-anomalies": Shows(_hours_at_maximum, _its_client),
}


# The monitoring report's PDF (by default: every provider, the last twelve complete months) names the clients
# of its anomalies tables, and must log each of them.
CLIENT_DATA.update(
    {name: Shows(_hours_at_maximum, _its_client) for name in ("monitoring-report-pdf", "api:monitoring-report-pdf")}
)


def _monitoring_pdf_job(world: World) -> Model:
    """The monitor's finished PDF job of the default months (made inline), naming world's order's client."""
    from reporting.jobs.inputs import monitoring_pdf_parameters_from
    from reporting.jobs.models import Job, JobKind
    from reporting.jobs.services import job_start

    _hours_at_maximum(world)
    existing = Job.objects.filter(kind=JobKind.MONITORING_PDF).first()
    return existing or job_start(
        user=world.monitor, kind=JobKind.MONITORING_PDF, parameters=monitoring_pdf_parameters_from({})
    )


# A job's file is disclosed at its download, each time: the PDF job's file names the anomalies' clients.
CLIENT_DATA.update({name: Shows(_monitoring_pdf_job, _its_client) for name in ("job-download", "api:job-download")})


def _one_log_row(world: World) -> Model:
    return ClientAccessLog.objects.filter(client=world.order.client).order_by("id").first()  # type: ignore[return-value]


# Admin models with client data: the object one of their pages shows, and its client.
ADMIN_MODELS_WITH_CLIENT_DATA: dict[str, Callable[[World], Model]] = {
    "suppliers.client": _one_client,
    "contracts.serviceorder": _one_order,
    "contracts.qualityoflifeassessment": _one_assessment,
    "contracts.employmentpath": _one_path,
    "suppliers.clientaccesslog": _one_log_row,
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    pattern: URLPattern

    @property
    def key(self) -> str:
        return self.name or self.route


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(prefix + str(entry.pattern), name, entry)


def _all_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def _admin_model(route: Route) -> tuple[str, str] | None:
    """(app_label.model_name, the rest of the route) for a page of a registered admin model, else None."""
    for model in admin.site._registry:
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if route.route.startswith(prefix):
            return model._meta.label_lower, route.route[len(prefix) :]
    return None


@dataclass(frozen=True)
class Classified:
    route: Route
    shows: Shows | None  # None: no client data
    refused: bool = False


def _classify(route: Route) -> Classified | None:
    if route.key in NO_CLIENT_DATA:
        return Classified(route, None)
    if route.key in CLIENT_DATA:
        return Classified(route, CLIENT_DATA[route.key])
    model_page = _admin_model(route)
    if model_page is None:
        return None
    label, view = model_page
    if label in ADMIN_MODELS_WITHOUT_CLIENT_DATA or (
        label in ADMIN_MODELS_WITH_CLIENT_DATA and view in ADMIN_VIEWS_WITHOUT_CLIENT_DATA
    ):
        return Classified(route, None)
    if label not in ADMIN_MODELS_WITH_CLIENT_DATA:
        return None
    target = ADMIN_MODELS_WITH_CLIENT_DATA[label]
    if view == "":
        # The change list: at least the client of the object below (made before the list is opened) must be
        # among those it lists.
        return Classified(route, Shows(target, lambda world: [_client_of(target(world))]))
    return Classified(
        route,
        Shows(target, lambda world: [_client_of(target(world))]),
        refused=(label, view) in ADMIN_VIEWS_REFUSED,
    )


def _client_of(obj: Model) -> Client:
    if isinstance(obj, Client):
        return obj
    holder: Any = getattr(obj, "service_order", obj)
    return holder.client


_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _url(route: Route, world: World, shows: Shows) -> str:
    """The route with its parameters filled in: the target's pk, or a real user or group for guardian's pages."""
    target = shows.target(world)
    values: dict[str, Any] = {
        "pk": getattr(target, "pk", None),
        "object_id": getattr(target, "pk", None),
        "object_pk": getattr(target, "pk", None),
        "user_id": world.reporter.pk,
        "group_id": Group.objects.order_by("id").values_list("id", flat=True).first(),
        **shows.path_values(world),
    }

    def fill(match: re.Match[str]) -> str:
        value = values.get(match["name"])
        if value is None:
            raise AssertionError(f"The walker cannot fill <{match['name']}> in {route.route}: teach _url how.")
        return str(value)

    if not isinstance(route.pattern.pattern, RoutePattern):
        # A regex route of named groups and escaped dots between its anchors is filled like a path route.
        built = _REGEX_GROUP.sub(fill, route.route).replace("^", "").replace("$", "").replace("\\.", ".")
        if re.search(r"[\\()\[\]*+?|{}]", built):
            raise AssertionError(f"The walker cannot build a URL for the regex route {route.route}: classify it.")
        return "/" + built
    return "/" + _PARAMETER.sub(fill, route.route)


def test_every_url_pattern_is_classified():
    unclassified = sorted(route.key for route in _all_routes() if _classify(route) is None)

    assert unclassified == [], (
        "These URLs are neither listed as showing no client data nor as showing it (and logging it). Add each "
        f"to NO_CLIENT_DATA with the reason, or to CLIENT_DATA / ADMIN_MODELS_WITH_CLIENT_DATA: {unclassified}"
    )


def test_the_classification_names_no_url_that_does_not_exist():
    keys = {route.key for route in _all_routes()}
    admin_models = {model._meta.label_lower for model in admin.site._registry}

    assert sorted(set(NO_CLIENT_DATA) - keys) == []
    assert sorted(set(CLIENT_DATA) - keys) == []
    assert sorted((ADMIN_MODELS_WITHOUT_CLIENT_DATA | set(ADMIN_MODELS_WITH_CLIENT_DATA)) - admin_models) == []
    assert set(NO_CLIENT_DATA).isdisjoint(CLIENT_DATA)


def test_every_url_that_shows_client_data_leaves_a_row_for_the_user_and_the_client(world):
    # A row to show in the access log's own admin pages.
    client_access_record(
        user=world.monitor, client_ids=[world.order.client_id], action=AccessAction.VIEW, resource="test:setup"
    )
    monitor = _page_client(world.monitor)
    superuser = _superuser()
    admin_client = _page_client(superuser)
    checked: list[str] = []
    failures: list[str] = []

    for classified in (_classify(route) for route in _all_routes()):
        if classified is None or classified.shows is None:
            continue
        route = classified.route
        is_admin = route.route.startswith("admin/")
        user, http = (superuser, admin_client) if is_admin else (world.monitor, monitor)
        if classified.shows.user is not None:
            user = classified.shows.user(world)
            http = _page_client(user)
        url = _url(route, world, classified.shows)
        before = _last_id()

        response = http.get(url, follow=True)

        checked.append(url)
        new_rows = _rows(user, after=before)
        if classified.refused:
            if response.status_code != 403 or new_rows:
                failures.append(f"{url}: expected a refusal without a row, got {response.status_code}")
            continue
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}, expected 200")
            continue
        missing = {client.pk for client in classified.shows.clients(world)} - {row.client_id for row in new_rows}
        if missing:
            failures.append(f"{url} ({route.key}) showed client data but logged no row for clients {sorted(missing)}")

    assert not failures, "\n".join(failures)
    # The walk really went through the pages, the API and the admin.
    assert {"/service-orders/", "/api/v1/clients/", "/admin/suppliers/client/"} <= set(checked)
    assert any(url.startswith("/admin/contracts/serviceorder/") and "permissions" in url for url in checked)
    assert any(re.fullmatch(r"/api/v1/reports/\d+/entries/\d+/", url) for url in checked)
    assert any(re.fullmatch(r"/payroll/\d+/export\.xlsx", url) for url in checked)
