"""The review queue: submitted reports oldest first with their findings, and returning or approving one from
its review page, all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Contract, PurchaseKind
from reporting.models import Finding, Report, ReportEntry, ReportEvent, ReportState
from reporting.services import report_return
from suppliers.models import ClientAccessLog, Provider
from tests import factories
from tests.conftest import World
from tests.reporting.monitoring.reviews import submitted

QUEUE = "/monitoring/review/"
QUEUE_API = "/api/v1/monitoring/review-queue/"


@pytest.fixture
def client(client):
    """The page in English, so that the tests read the source strings (Finnish is the default)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _api(user):
    api = factories.api(user)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def _review_url(report: Report) -> str:
    return f"{QUEUE}{report.pk}/"


def _queue(world: World, query: str = "") -> list[dict]:
    response = _api(world.monitor).get(QUEUE_API + query)
    assert response.status_code == 200, response.json()
    return response.json()["tables"][0]["rows"]


def _submitted_on(day: datetime.date, world: World, **options: Any) -> Report:
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=datetime.UTC)):
        return submitted(world, **options)


def test_the_queue_lists_submitted_reports_oldest_first_with_their_age(world):
    older = _submitted_on(datetime.date(2026, 11, 9), world, other=True)
    newer = _submitted_on(datetime.date(2026, 11, 20), world)

    body = _api(world.monitor).get(QUEUE_API).json()

    rows = body["tables"][0]["rows"]
    assert [row["report"] for row in rows] == [older.pk, newer.pk]
    assert [row["age_days"] for row in rows] == [14, 3]
    assert rows[0]["provider"] == "Tuottaja B Oy"
    assert rows[0]["submitted_on"] == "2026-11-09"
    assert rows[0]["deadline"] == "2026-11-10"
    assert rows[0]["entries"] == 1
    assert rows[0]["cost"] == "160.00"
    figures = {figure["label"]: figure["value"] for figure in body["figures"]}
    assert figures["Waiting for review"] == 2
    assert figures["Oldest waiting (days)"] == 14


def test_the_queue_leaves_out_drafts_returned_and_approved_reports(world):
    report = submitted(world)
    report_return(user=world.monitor, report=report, comment="Korjaa", version=report.version)
    submitted(world, other=True, period="2026-09")

    assert [row["period"] for row in _queue(world)] == ["2026-09"]


def test_the_queue_counts_findings_by_severity(world):
    report = submitted(world)
    entry = report.entries.get()
    Finding.objects.bulk_create(
        [
            Finding(report=report, entry=entry, code="a", severity="error"),
            Finding(report=report, entry=entry, code="b", severity="warning"),
            Finding(report=report, entry=entry, code="c", severity="warning"),
            Finding(report=report, code="d", severity="city_warning"),
            Finding(report=report, entry=entry, code="e", severity="city_warning"),
            Finding(report=report, entry=entry, code="f", severity="city_warning"),
        ]
    )

    [row] = _queue(world)

    assert (row["errors"], row["warnings"], row["city_warnings"]) == (1, 2, 3)


def test_the_queue_says_whether_a_report_was_sent_again_after_a_return_or_is_a_correction(world):
    returned = submitted(world)
    report_return(user=world.monitor, report=returned, comment="Korjaa", version=returned.version)
    factories.api(world.reporter).post(f"/api/v1/reports/{returned.pk}/submit/")
    first = submitted(world, other=True)

    kinds = {row["report"]: row["submission"] for row in _queue(world)}

    assert kinds == {returned.pk: "Sent again after a return", first.pk: "First submission"}


def test_the_queue_filters_by_provider_and_minimum_age(world):
    old = _submitted_on(datetime.date(2026, 11, 2), world, other=True)
    recent = submitted(world)

    assert [row["report"] for row in _queue(world, f"?provider={world.provider.pk}")] == [recent.pk]
    assert [row["report"] for row in _queue(world, "?min_age=7")] == [old.pk]
    figures = _api(world.monitor).get(QUEUE_API).json()["figures"]
    assert figures[2] == {"label": "Waiting over 14 days", "value": 1, "kind": "integer", "status": "warning"}


def test_a_bad_filter_is_a_400_with_the_field(world):
    response = _api(world.monitor).get(QUEUE_API + "?min_age=-1")

    assert response.status_code == 400
    assert "min_age" in response.json()["errors"]


def test_the_queue_page_links_each_report_to_its_review_page(client, world):
    report = submitted(world)
    client.force_login(world.monitor)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert f'href="{_review_url(report)}"' in response.content.decode()


def test_the_queue_downloads_as_excel(client, world):
    submitted(world)
    client.force_login(world.administrator)

    response = client.get(QUEUE, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("who", ["reporter", "provider_admin", "social_worker", "lead", "payroll"])
def test_only_reviewers_see_the_queue_and_the_review_page(client, world, who):
    report = submitted(world)
    user = getattr(world, who)
    client.force_login(user)

    assert client.get(QUEUE).status_code == 403
    assert client.get(_review_url(report)).status_code == 403
    assert client.post(_review_url(report), {"action": "approve", "version": report.version}).status_code == 403
    assert factories.api(user).get(QUEUE_API).status_code == 403
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    report = submitted(world)

    assert client.get(_review_url(report)).status_code == 302
    assert factories.api().get(QUEUE_API).status_code in (401, 403)


def test_a_report_that_does_not_exist_is_a_404(client, world):
    client.force_login(world.monitor)

    assert client.get(f"{QUEUE}999999/").status_code == 404


# The review page ------------------------------------------------------------------------------------------


def test_the_review_page_shows_the_entries_and_logs_each_client_shown(client, world):
    report = submitted(world)
    client.force_login(world.monitor)
    before = ClientAccessLog.objects.count()

    response = client.get(_review_url(report))

    page = response.content.decode()
    assert response.status_code == 200
    assert world.order.client.last_name in page
    assert world.order.client.identity_code_masked in page
    assert world.order.client.identity_code not in page
    assert world.order.decision_number in page
    assert "csrfmiddlewaretoken" in page
    [row] = ClientAccessLog.objects.order_by("id")[before:]
    assert (row.user_id, row.client_id, row.object_ref) == (
        world.monitor.pk,
        world.order.client_id,
        f"report:{report.pk}",
    )


def test_returning_from_the_page_puts_each_comment_on_its_entry_and_the_overall_one_on_the_event(client, world):
    report = submitted(world)
    entry = report.entries.get()
    client.force_login(world.monitor)

    response = client.post(
        _review_url(report),
        {
            "action": "return",
            "version": report.version,
            "comment": "Tarkista lokakuu",
            f"entry_comment_{entry.pk}": "Tunnit 2.10. puuttuvat",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert ReportEntry.objects.get(pk=entry.pk).return_comment == "Tunnit 2.10. puuttuvat"
    event = report.events.order_by("-id")[0]
    assert (event.to_state, event.comment, event.actor_id) == ("returned", "Tarkista lokakuu", world.monitor.pk)
    provider_view = factories.api(world.reporter).get(f"/api/v1/reports/{report.pk}/entries/{entry.pk}/").json()
    assert provider_view["return_comment"] == "Tunnit 2.10. puuttuvat"


def test_approving_from_the_page_approves_with_the_comment(client, world):
    report = submitted(world)
    client.force_login(world.administrator)

    response = client.post(_review_url(report), {"action": "approve", "version": report.version, "comment": "OK"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert report.events.order_by("-id")[0].comment == "OK"
    assert "The report was approved." in client.get(QUEUE).content.decode()


def test_a_return_without_any_comment_changes_nothing_and_says_why(client, world):
    report = submitted(world)
    entry = report.entries.get()
    client.force_login(world.monitor)
    events = ReportEvent.objects.count()

    response = client.post(
        _review_url(report), {"action": "return", "version": report.version, f"entry_comment_{entry.pk}": "  "}
    )

    assert response.status_code == 400
    assert "Say what the provider must correct." in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert ReportEvent.objects.count() == events


def test_the_refusal_is_in_the_reviewers_language(client, world):
    report = submitted(world)
    client.force_login(world.monitor)

    response = client.post(
        _review_url(report), {"action": "return", "version": report.version}, HTTP_ACCEPT_LANGUAGE="fi"
    )

    assert response.status_code == 400
    assert "Kerro, mitä palveluntuottajan on korjattava." in response.content.decode()


def test_a_failed_return_keeps_what_the_reviewer_wrote(client, world):
    report = submitted(world)
    entry = report.entries.get()
    client.force_login(world.monitor)

    response = client.post(
        _review_url(report),
        {"action": "return", "version": report.version - 1, f"entry_comment_{entry.pk}": "Päivä 2 väärin"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this report after you opened it." in page
    assert "Päivä 2 väärin" in page
    assert ReportEntry.objects.get(pk=entry.pk).return_comment == ""


def test_acting_on_a_report_someone_else_already_decided_changes_nothing_and_says_why(client, world):
    report = submitted(world)
    client.force_login(world.monitor)
    factories.api(world.administrator).post(
        f"/api/v1/reports/{report.pk}/approve/", {"version": report.version}, format="json"
    )

    response = client.post(_review_url(report), {"action": "return", "version": report.version, "comment": "Korjaa"})

    assert response.status_code == 409
    assert "The report is Approved; this cannot be done to it now." in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_approving_what_the_provider_sent_again_since_the_page_was_opened_is_refused(client, world):
    report = submitted(world)
    seen = report.version
    report_return(user=world.administrator, report=report, comment="Korjaa", version=seen)
    factories.api(world.reporter).post(f"/api/v1/reports/{report.pk}/submit/")
    client.force_login(world.monitor)

    response = client.post(_review_url(report), {"action": "approve", "version": seen})

    assert response.status_code == 409
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_comment_on_an_entry_of_another_report_is_ignored(client, world):
    report = submitted(world)
    foreign = submitted(world, other=True).entries.get()
    client.force_login(world.monitor)

    response = client.post(
        _review_url(report),
        {"action": "return", "version": report.version, "comment": "Korjaa", f"entry_comment_{foreign.pk}": "x"},
    )

    assert response.status_code == 302
    assert ReportEntry.objects.get(pk=foreign.pk).return_comment == ""


def test_a_decided_report_shows_no_decision_buttons(client, world):
    report = submitted(world)
    factories.api(world.monitor).post(
        f"/api/v1/reports/{report.pk}/approve/", {"version": report.version}, format="json"
    )
    client.force_login(world.monitor)

    page = client.get(_review_url(report)).content.decode()

    assert 'value="approve"' not in page
    assert "there is nothing to decide on it now" in page


# Constant queries -----------------------------------------------------------------------------------------


def _waiting_reports(world: World, count: int) -> None:
    """`count` providers, each with a submitted report of one entry and three findings; every other one sent
    again after a return. Bulk-created: the queue reads rows, it does not care how they came."""
    now = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)
    start = Provider.objects.count()
    providers = Provider.objects.bulk_create(
        [Provider(name=f"Jono {start + n} Oy", business_id=f"{start + n:07d}-Q") for n in range(count)]
    )
    procurement = factories.procurement()
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                provider=provider,
                procurement=procurement,
                number=f"Q-{provider.pk}",
                title="Jono",
                purchase_kind=PurchaseKind.TENDERED,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
            )
            for provider in providers
        ]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                provider_id=contract.provider_id,
                contract=contract,
                period="2026-10",
                state=ReportState.SUBMITTED,
                deadline=datetime.date(2026, 11, 10),
                created_by=world.reporter,
                submitted_by=world.reporter,
                submitted_at=now - datetime.timedelta(hours=index),
                submitted_late=True,
            )
            for index, contract in enumerate(contracts)
        ]
    )
    entries = ReportEntry.objects.bulk_create(
        [ReportEntry(report=report, service_order=world.order, cost=Decimal("80.00")) for report in reports]
    )
    Finding.objects.bulk_create(
        [
            Finding(report_id=entry.report_id, entry=entry, code="x", severity=severity)
            for entry in entries
            for severity in ("error", "warning", "city_warning")
        ]
    )
    ReportEvent.objects.bulk_create(
        [
            ReportEvent(report=report, actor=world.monitor, from_state="submitted", to_state="returned")
            for report in reports[::2]
        ]
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_queue_page_and_api_keep_a_constant_number_of_queries_as_providers_grow(client, world):
    client.force_login(world.monitor)
    api_client = factories.api(world.monitor)
    _waiting_reports(world, 10)
    # Warm what is cached per user (the actor's roles), so that both counts measure the queue alone.
    _queries(client, QUEUE)
    _queries(api_client, QUEUE_API)
    small = (_queries(client, QUEUE), _queries(api_client, QUEUE_API))
    assert len(_queue(world)) == 10

    _waiting_reports(world, 490)
    large = (_queries(client, QUEUE), _queries(api_client, QUEUE_API))

    assert len(_queue(world)) == 500
    assert large == small
