"""E-mail to providers: reports due in N days, late reports, returned reports; each in its recipient's
language, never naming a client, and never for a return that did not happen."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from reporting.services import report_return, report_submit
from suppliers.models import Provider, UserPreference
from suppliers.services import user_language_set
from tests import factories

User = get_user_model()


def _emails(world: Any) -> None:
    """Addresses for the providers' staff: the reporter chooses Swedish on the site, the admin English (set
    for them), the other provider's reporter keeps the default (Finnish)."""
    for user, address in (
        (world.reporter, "reporter@a.example"),
        (world.provider_admin, "admin@a.example"),
        (world.other_reporter, "reporter@b.example"),
    ):
        User.objects.filter(pk=user.pk).update(email=address)
    user_language_set(user=world.reporter, language="sv")
    user_language_set(user=world.provider_admin, language="en")


def _run(day: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("send_report_reminders", "--date", day, *extra, stdout=out)
    return out.getvalue()


def _by_address(outbox: list[Any], kind: str) -> dict[str, Any]:
    return {message.to[0]: message for message in outbox if message.extra_headers["X-Portal-Notice"] == kind}


def _of(outbox: list[Any], kind: str) -> list[Any]:
    return [message for message in outbox if message.extra_headers["X-Portal-Notice"] == kind]


def test_reports_due_in_three_days_are_reminded_to_each_provider_user_in_their_language(world, mailoutbox):
    _emails(world)

    output = _run("2026-12-07", "--days", "3")

    messages = _by_address(mailoutbox, "report-due")
    assert set(messages) == {"reporter@a.example", "admin@a.example", "reporter@b.example"}
    assert "3 due reminders" in output
    # The due date in each recipient's own date format: Swedish, English, Finnish.
    assert "2026-12-10" in messages["reporter@a.example"].body
    assert "12/10/2026" in messages["admin@a.example"].body
    assert "10.12.2026" in messages["reporter@b.example"].body
    assert [messages[address].extra_headers["Content-Language"] for address in sorted(messages)] == ["en", "sv", "fi"]
    assert world.line.contract.number in messages["reporter@a.example"].body
    assert world.other_line.contract.number not in messages["reporter@a.example"].body
    assert "2026-11" in messages["reporter@b.example"].body
    assert "http://127.0.0.1:8000/reports/?period=2026-11" in messages["reporter@b.example"].body


def test_no_due_reminder_goes_out_on_any_other_day(world, mailoutbox):
    _emails(world)

    _run("2026-12-06", "--days", "3")
    _run("2026-12-08", "--days", "3")

    assert _of(mailoutbox, "report-due") == []


def test_the_days_before_the_deadline_are_a_choice(world, mailoutbox):
    _emails(world)

    _run("2026-12-03", "--days", "7")

    assert len(_of(mailoutbox, "report-due")) == 3


def test_no_reminder_for_a_report_already_submitted(world, mailoutbox, _frozen_today):  # noqa: PT019 - it moves the clock
    _emails(world)
    _frozen_today.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC))
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-11")
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter)
    report_submit(user=world.reporter, report=report)

    _run("2026-12-07", "--days", "3")

    assert [message.to for message in _of(mailoutbox, "report-due")] == [["reporter@b.example"]]


def test_a_late_report_is_reminded_the_day_after_its_deadline_and_then_weekly(world, mailoutbox):
    _emails(world)

    bodies = {}
    for day in ("2026-11-11", "2026-11-12", "2026-11-17", "2026-11-18", "2026-11-25"):
        mailoutbox.clear()
        _run(day, "--days", "3")
        bodies[day] = [
            message.body for message in _of(mailoutbox, "report-late") if message.to == ["reporter@b.example"]
        ]

    def october_reminded(day: str) -> bool:
        return any(", 2026-10:" in body for body in bodies[day])

    assert [october_reminded(day) for day in bodies] == [True, False, False, True, True]
    # In the recipient's language (Finnish by default), a day late in the singular.
    assert "(myöhässä 1 päivä)" in bodies["2026-11-11"][0]


def test_a_provider_with_many_late_months_gets_one_late_reminder_a_week(world, mailoutbox):
    _emails(world)

    for day in range(12, 19):
        _run(f"2026-11-{day}")

    late = [message for message in _of(mailoutbox, "report-late") if message.to == ["reporter@b.example"]]
    assert len(late) == 1
    assert all(f", 2026-{month:02d}:" in late[0].body for month in range(1, 11))


def test_no_late_reminder_once_the_report_was_submitted(world, mailoutbox, _frozen_today):  # noqa: PT019 - it moves the clock
    _emails(world)
    _frozen_today.move_to(datetime.datetime(2026, 11, 17, 9, 0, tzinfo=datetime.UTC))
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-10")
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter)
    report_submit(user=world.reporter, report=report)

    _run("2026-11-18")

    provider_a = [message for message in mailoutbox if message.to[0].endswith("@a.example")]
    assert provider_a
    assert not any(", 2026-10:" in message.body for message in provider_a)
    assert any(", 2026-10:" in message.body for message in mailoutbox if message.to == ["reporter@b.example"])


def test_a_provider_without_staff_addresses_is_written_to_at_its_own_address(world, mailoutbox):
    Provider.objects.filter(pk=world.provider.pk).update(email="office@a.example")

    _run("2026-12-07", "--days", "3")

    due = _of(mailoutbox, "report-due")
    assert [message.to for message in due] == [["office@a.example"]]
    assert "10.12.2026" in due[0].body


def test_an_inactive_membership_gets_no_mail(world, mailoutbox):
    _emails(world)
    world.reporter.provider_memberships.update(is_active=False)

    _run("2026-12-07", "--days", "3")

    assert "reporter@a.example" not in _by_address(mailoutbox, "report-due")
    assert "admin@a.example" in _by_address(mailoutbox, "report-due")


def test_a_wrong_date_is_refused():
    with pytest.raises(CommandError):
        _run("7.12.2026")


# The returned report ------------------------------------------------------------------------------------


def _submitted_report(world: Any) -> Any:
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-10")
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter)
    return report_submit(user=world.reporter, report=report)


def test_a_returned_report_is_mailed_with_the_citys_reasons_in_each_users_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _emails(world)
    report = _submitted_report(world)
    entry = factories.report_entry(report, world.order)

    with django_capture_on_commit_callbacks(execute=True):
        response = factories.api(world.monitor).post(
            f"/api/v1/reports/{report.pk}/return/",
            {
                "comment": "Tarkista tunnit.",
                "entry_comments": {str(entry.pk): "Päivä 5.10. puuttuu."},
                "version": report.version,
            },
            format="json",
        )
    assert response.status_code == 200, response.json()

    messages = _by_address(mailoutbox, "report-returned")
    assert set(messages) == {"reporter@a.example", "admin@a.example"}
    for message in messages.values():
        assert "Tarkista tunnit." in message.body
        assert f"{world.order.decision_number}: Päivä 5.10. puuttuu." in message.body
        assert f"http://127.0.0.1:8000/reports/{report.pk}/" in message.body
        assert world.line.contract.number in message.subject
    assert "2026-11-10" in messages["reporter@a.example"].body
    assert "11/10/2026" in messages["admin@a.example"].body


def test_the_returned_mail_names_no_client(world, mailoutbox, django_capture_on_commit_callbacks):
    _emails(world)
    report = _submitted_report(world)
    entry = factories.report_entry(report, world.order)
    client = world.order.client

    with django_capture_on_commit_callbacks(execute=True):
        report_return(
            user=world.monitor,
            report=report,
            comment="Korjaa",
            entry_comments={entry.pk: "Tunnit"},
            version=report.version,
        )

    assert mailoutbox
    for message in mailoutbox:
        text = message.subject + message.body
        assert client.identity_code not in text
        assert client.identity_code[:6] not in text
        assert client.last_name not in text
        assert client.first_name not in text


def test_a_return_that_rolls_back_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    _emails(world)
    report = _submitted_report(world)

    def return_then_fail() -> None:
        with transaction.atomic():
            report_return(user=world.monitor, report=report, comment="Korjaa", version=report.version)
            raise RuntimeError("the request failed after the return")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        return_then_fail()

    assert mailoutbox == []
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_refused_return_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    _emails(world)
    report = _submitted_report(world)

    with django_capture_on_commit_callbacks(execute=True):
        response = factories.api(world.reporter).post(f"/api/v1/reports/{report.pk}/return/", {"comment": "x"})

    # The reporter sees its own report, so it is refused (403); only another provider's report is hidden (404).
    assert response.status_code == 403
    assert mailoutbox == []


# The language a user chose ------------------------------------------------------------------------------


def test_switching_language_on_the_site_remembers_it_for_the_users_mail(world, client):
    client.force_login(world.reporter)

    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})

    assert response.status_code == 302
    assert UserPreference.objects.get(user=world.reporter).language == "sv"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert UserPreference.objects.get(user=world.reporter).language == "en"


def test_an_anonymous_switch_or_an_unknown_language_stores_nothing(world, client):
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    client.force_login(world.reporter)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert not UserPreference.objects.exists()


def test_an_administrator_sets_a_users_language_in_the_admin(world, client):
    superuser = User.objects.create_superuser("root", "root@example.invalid", factories.PASSWORD)
    client.force_login(superuser)

    response = client.post("/admin/suppliers/userpreference/add/", {"user": world.other_reporter.pk, "language": "sv"})

    assert response.status_code == 302
    assert UserPreference.objects.get(user=world.other_reporter).language == "sv"
