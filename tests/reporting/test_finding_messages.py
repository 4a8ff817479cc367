"""A finding reads the same wherever it is shown, in the reader's language: the API (by Accept-Language), the
report page, the review page and the workbook upload all show the presenter's message, translated in locale/."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape

from reporting.models import Finding, ReportEntry
from reporting.validation import RULES, Severity
from reporting.validation.rules.work_hours_only_present import REASONS
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import download, upload_url

pytestmark = pytest.mark.django_db

SICK_DAY_WITH_HOURS = {
    "fi": "Työtunteja kirjataan vain työtoiminnan läsnäolopäiville, mutta päivälle 2.10.2026 on kirjattu tunteja, "
    "vaikka asiakas oli sairaana.",
    "sv": "Arbetstimmar anges bara för närvarodagar i arbetsverksamhet, men för 2.10.2026 har timmar angetts fast "
    "klienten var sjuk.",
    "en": "Work hours belong only on present days of work activity, but hours are entered on 2026-10-02 although "
    "the client was sick.",
}
OVER_VOLUME = {
    "fi": "Suoritteita on kirjattu 25,5, mikä on enemmän kuin palvelupäätöksen suunniteltu määrä 20. "
    "Kirjoita ylitykselle syy.",
    "sv": "25,5 prestationer har angetts, vilket är mer än den planerade mängden 20 i servicebeslutet. "
    "Ange en orsak till överskridningen.",
    "en": "25.5 units are entered, more than the planned volume of 20 in the service order. "
    "Give a reason for the excess.",
}
REASON = "Asiakas osallistui lisäpäiville sosiaalityöntekijän luvalla"


def _messages(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.content
    return {finding["code"]: finding["message"] for finding in response.json()["findings"]}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_api_gives_a_findings_message_in_the_language_the_caller_asks_for(world, language):
    report = flow.create(world)
    flow.fill(
        world,
        report,
        units_delivered="25.5",
        warning_reason=REASON,
        days=[
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "sick", "hours": "3"},
        ],
    )
    api = factories.api(world.reporter)

    validated = _messages(api.post(flow.report_url(report["id"], "validate"), HTTP_ACCEPT_LANGUAGE=language))
    stored = _messages(api.get(flow.report_url(report["id"], "findings"), HTTP_ACCEPT_LANGUAGE=language))

    assert validated["work_hours_only_present"] == SICK_DAY_WITH_HOURS[language]
    assert validated["units_exceed_volume"] == OVER_VOLUME[language]
    assert stored == validated


def test_a_finding_reads_the_same_on_the_api_the_pages_the_review_page_and_the_workbook_upload(world, client):
    report = flow.create(world)
    flow.fill(world, report, units_delivered="25.5", warning_reason=REASON)
    entry = ReportEntry.objects.get(report_id=report["id"], service_order=world.order)
    language: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "sv"}
    expected = OVER_VOLUME["sv"]

    api = _messages(factories.api(world.reporter).post(flow.report_url(report["id"], "validate"), **language))
    file = io.BytesIO(download(world.reporter, report["id"]))
    file.name = "report.xlsx"
    uploaded = _messages(
        factories.api(world.reporter).post(
            upload_url(report["id"], dry_run=True), {"file": file}, format="multipart", **language
        )
    )
    client.force_login(world.reporter)
    report_page = client.get(f"/reports/{report['id']}/", **language).content.decode()
    entry_page = client.get(f"/reports/{report['id']}/entries/{entry.pk}/", **language).content.decode()
    file.seek(0)
    upload_page = client.post(f"/reports/{report['id']}/upload/", {"file": file}, **language).content.decode()
    flow.submit(world, report["id"])
    client.force_login(world.monitor)
    review_page = client.get(f"/monitoring/review/{report['id']}/", **language).content.decode()

    assert api["units_exceed_volume"] == expected
    assert uploaded["units_exceed_volume"] == expected
    for page in (report_page, entry_page, upload_page, review_page):
        assert escape(expected) in page
        assert "Varning" in page  # the severity in the same language


def test_city_only_warnings_reach_the_city_alone_on_every_surface(world, client):
    report = flow.create(world)
    flow.fill(world, report)
    Finding.objects.create(
        report_id=report["id"], code="budget_exceeded", severity=Severity.CITY_WARNING, params={"year": 2026}
    )
    client.force_login(world.reporter)

    provider_page = client.get(f"/reports/{report['id']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    provider_api = _messages(factories.api(world.reporter).get(flow.report_url(report["id"], "findings")))
    client.force_login(world.monitor)
    city_page = client.get(f"/reports/{report['id']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "budget_exceeded" not in provider_api
    assert "budget of EUR" not in provider_page
    assert "The ordering unit&#x27;s 2026 budget of EUR …" in city_page


def test_a_finding_stored_before_the_messages_moved_to_locale_reads_as_it_did(world):
    """Rows written by the rules of three-language literals hold each param per language."""
    report = flow.create(world)
    Finding.objects.create(
        report_id=report["id"],
        code="work_hours_only_present",
        severity=Severity.ERROR,
        field="hours",
        params={
            "day_fi": "2.10.2026",
            "day_sv": "2.10.2026",
            "day_en": "2026-10-02",
            "reason_fi": "asiakas oli sairaana",
            "reason_sv": "klienten var sjuk",
            "reason_en": "the client was sick",
        },
    )

    for language, expected in SICK_DAY_WITH_HOURS.items():
        response = factories.api(world.reporter).get(
            flow.report_url(report["id"], "findings"), HTTP_ACCEPT_LANGUAGE=language
        )
        assert _messages(response)["work_hours_only_present"] == expected


def test_every_rule_message_and_every_word_in_them_is_translated_in_finnish_and_swedish():
    """The catalogs in locale/ hold every rule's message and every word the messages put in: a translation
    missing from a catalog would show the English text to a Finnish or Swedish reader."""
    words = [
        *REASONS.values(),
        *(RULES[code].text for code in sorted(RULES)),
    ]
    for text in words:
        english = str(text)
        for language in ("fi", "sv"):
            with translation.override(language):
                assert str(text) != english, (language, english)
    for pattern, translated in ((("finding date", "Y-m-d"), "j.n.Y"), (("finding month", "F Y"), "n/Y")):
        for language in ("fi", "sv"):
            with translation.override(language):
                assert translation.pgettext(*pattern) == translated
