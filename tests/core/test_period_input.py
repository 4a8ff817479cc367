"""A malformed month gets the same message, naming what was entered, on every surface: the API's bodies and
query filters answer 400 naming the field, the pages show it as the form field's error; in each language."""

import pytest
from django.test import Client

from reporting.models import PayrollBatch, Report
from tests import factories

MESSAGES = {
    "en": "A period is written YYYY-MM, e.g. 2026-01; you entered 2026-13.",
    "fi": "Kausi ilmoitetaan muodossa VVVV-KK, esim. 2026-01; annettu arvo oli 2026-13.",
    "sv": "En period anges i formatet ÅÅÅÅ-MM, t.ex. 2026-01; angivet värde var 2026-13.",
}
LANGUAGES = pytest.mark.parametrize("language", sorted(MESSAGES))


def _refused_naming_the_period(response, language):
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == f"period: {MESSAGES[language]}"
    assert body["errors"] == {"period": [MESSAGES[language]]}


def _page(user):
    client = Client()
    client.force_login(user)
    return client


@LANGUAGES
def test_creating_a_report_for_a_malformed_month_is_refused_naming_the_period(world, language):
    response = factories.api(world.reporter).post(
        "/api/v1/reports/",
        {"contract": world.line.contract_id, "period": "2026-13"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    _refused_naming_the_period(response, language)
    assert not Report.objects.exists()


@LANGUAGES
def test_listing_reports_of_a_malformed_month_is_refused_naming_the_period(world, language):
    response = factories.api(world.monitor).get("/api/v1/reports/?period=2026-13", HTTP_ACCEPT_LANGUAGE=language)

    _refused_naming_the_period(response, language)


@LANGUAGES
def test_a_payroll_batch_for_a_malformed_month_is_refused_naming_the_period(world, language):
    response = factories.api(world.payroll).post(
        "/api/v1/payroll-batches/", {"period": "2026-13"}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    _refused_naming_the_period(response, language)
    assert not PayrollBatch.objects.exists()


@LANGUAGES
def test_filtering_payroll_batches_by_a_malformed_month_is_refused_naming_the_period(world, language):
    response = factories.api(world.payroll).get(
        "/api/v1/payroll-batches/?period=2026-13", HTTP_ACCEPT_LANGUAGE=language
    )

    _refused_naming_the_period(response, language)


@LANGUAGES
def test_filtering_service_orders_by_a_malformed_month_is_refused_naming_the_period(world, language):
    response = factories.api(world.monitor).get("/api/v1/service-orders/?period=2026-13", HTTP_ACCEPT_LANGUAGE=language)

    _refused_naming_the_period(response, language)


@LANGUAGES
def test_the_payroll_page_shows_the_period_message_as_the_fields_error(world, language):
    response = _page(world.payroll).post("/payroll/", {"period": "2026-13"}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response.context["form"].errors == {"period": [MESSAGES[language]]}
    assert MESSAGES[language] in response.content.decode()
    assert not PayrollBatch.objects.exists()


@LANGUAGES
def test_the_report_month_page_shows_the_period_message_and_keeps_to_the_default_month(world, language):
    response = _page(world.monitor).get("/reports/", {"period": "2026-13"}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response.context["form"].errors == {"period": [MESSAGES[language]]}
    assert MESSAGES[language] in response.content.decode()
    # Today is frozen at 2026-11-23: past the 20th, the month in the making is this one.
    assert str(response.context["period"]) == "2026-11"
