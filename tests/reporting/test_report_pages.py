"""The report pages: a provider fills and submits its month in the browser's forms; the city reviews it."""

import re

from django.urls import reverse

from reporting.models import Report, ReportEntry
from suppliers.models import ClientAccessLog


def _start(client, world, period="2026-10"):
    client.force_login(world.reporter)
    response = client.post("/reports/new/", {"contract": world.line.contract_id, "period": period})
    assert response.status_code == 302
    return Report.objects.get(contract=world.line.contract, period=period)


def test_a_provider_sees_its_contracts_of_the_month_with_a_start_button(client, world):
    client.force_login(world.reporter)
    page = client.get("/reports/?period=2026-10").content.decode()
    assert world.line.contract.number in page
    assert "/reports/new/" in page
    assert "Tuottaja B" not in page


def test_a_provider_fills_an_entry_through_the_attendance_grid(client, world):
    report = _start(client, world)
    entry = report.entries.get()
    goal = world.order.goals.get()
    page = client.get(f"/reports/{report.pk}/entries/{entry.pk}/")
    assert page.status_code == 200
    assert 'name="status_01"' in page.content.decode()
    response = client.post(
        f"/reports/{report.pk}/entries/{entry.pk}/",
        {
            "version": entry.version,
            "units_delivered": "2",
            "status_01": "present",
            "hours_01": "3",
            "status_02": "sick",
            f"level_{goal.pk}": "0",
            f"narrative_{goal.pk}": "Sovitusti",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert str(entry.work_share_amount) == "6.00"
    assert [day.status for day in entry.days.all()] == ["present", "sick"]
    assert ClientAccessLog.objects.filter(user=world.reporter, resource="page:report-entry").exists()


def test_findings_are_shown_next_to_the_day_they_point_at(client, world):
    report = _start(client, world)
    entry = report.entries.get()
    client.post(
        f"/reports/{report.pk}/entries/{entry.pk}/",
        {"version": entry.version, "units_delivered": "1", "status_03": "sick", "hours_03": "4"},
    )
    response = client.post(f"/reports/{report.pk}/submit/", follow=True)
    report.refresh_from_db()
    assert report.state == "draft"
    entry_page = client.get(f"/reports/{report.pk}/entries/{entry.pk}/").content.decode()
    row = re.search(r'name="status_03".*?</tr>', entry_page, re.S)
    assert row is not None
    assert "finding-error" in row.group(0)
    assert "finding-error" in response.content.decode()


def _submitted_on_the_pages(client, world):
    """The provider fills the one entry on its page and submits the report from the report page."""
    report = _start(client, world)
    entry = report.entries.get()
    goal = world.order.goals.get()
    client.post(
        f"/reports/{report.pk}/entries/{entry.pk}/",
        {
            "version": entry.version,
            "units_delivered": "1",
            "status_01": "present",
            "hours_01": "2",
            f"level_{goal.pk}": "1",
        },
    )
    client.post(f"/reports/{report.pk}/submit/")
    report.refresh_from_db()
    return report


def test_the_city_approves_a_submitted_report_from_its_review_page(client, world):
    report = _submitted_on_the_pages(client, world)
    assert report.state == "submitted", [m.message for m in client.get(f"/reports/{report.pk}/").context["messages"]]
    client.force_login(world.monitor)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    # The report's page links to the review page, where return and approve check the version read.
    review_url = reverse("monitoring-review-report", args=[report.pk])
    assert f'href="{review_url}"' in page
    assert "/approve/" not in page
    client.post(review_url, {"action": "approve", "version": report.version, "comment": "Kunnossa"})
    report.refresh_from_db()
    assert report.state == "approved"


def test_the_city_returns_a_report_with_a_comment_on_the_entry(client, world):
    report = _submitted_on_the_pages(client, world)
    entry = report.entries.get()
    client.force_login(world.monitor)
    client.post(
        reverse("monitoring-review-report", args=[report.pk]),
        {"action": "return", "version": report.version, "comment": "", f"entry_comment_{entry.pk}": "Tunnit puuttuvat"},
    )
    report.refresh_from_db()
    assert report.state == "returned"
    client.force_login(world.reporter)
    assert "Tunnit puuttuvat" in client.get(f"/reports/{report.pk}/").content.decode()
    assert ReportEntry.objects.get(pk=entry.pk).return_comment == "Tunnit puuttuvat"


def test_another_provider_gets_404_on_the_report_pages(client, world):
    report = _start(client, world)
    entry = report.entries.get()
    client.force_login(world.other_reporter)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/entries/{entry.pk}/").status_code == 404
    assert client.post(f"/reports/{report.pk}/submit/").status_code == 404


def test_days_outside_the_order_are_locked_in_the_grid(client, world):
    import datetime

    from tests import factories

    ended = factories.make_order(world.line, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 10, 15))
    report = _start(client, world)
    entry = report.entries.get(service_order=ended)
    page = client.get(f"/reports/{report.pk}/entries/{entry.pk}/").content.decode()
    day_15 = re.search(r'<select name="status_15"[^>]*>', page)
    day_16 = re.search(r'<select name="status_16"[^>]*>', page)
    assert day_15 is not None
    assert "disabled" not in day_15.group(0)
    assert day_16 is not None
    assert "disabled" in day_16.group(0)
    assert 'name="hours_16"' not in page


def test_the_city_s_filters_stay_on_when_moving_to_another_month_or_page(client, world):
    client.force_login(world.monitor)

    content = client.get(
        "/reports/", {"period": "2026-10", "state": "submitted", "provider": world.provider.pk}
    ).content.decode()

    assert f'href="?state=submitted&amp;provider={world.provider.pk}&amp;period=2026-09"' in content
    assert f'href="?state=submitted&amp;provider={world.provider.pk}&amp;period=2026-11"' in content
