"""E-mail to providers about their monthly reports: due soon, late, and returned by the city.

Each message is rendered in its recipient's language (`suppliers.UserPreference`, set when they switch
language; the portal's default otherwise) from plain-text templates under `templates/reporting/email/`.

E-mail is not a secure channel for client data (special-category data, SPEC §11): no message names a client
or carries an identity code. A returned report's entries are named by the city's decision number, which
the provider's staff look up in the portal, where the access is logged.

Reminders run daily from cron (`manage.py send_report_reminders`) and must not nag:
- "due": exactly `days` days before a report's deadline, for each expected report not yet submitted;
- "late": on the day after the deadline and then every 7 days while the report has still never been
  submitted (days 1, 8, 15, … after the deadline), over the last twelve months.
A month is expected as on the completeness dashboard (`reporting.monitoring.completeness.selectors`). Each provider
gets one message per recipient and kind, listing all its contracts concerned.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.periods import Period
from reporting.models import Report, ReportEntry, ReportEvent, ReportState
from reporting.monitoring.completeness.selectors import MonthFacts, contract_months
from suppliers.models import Provider, ProviderMembership

LATE_REPEAT_DAYS = 7


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def portal_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def provider_recipients(provider_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The active staff of each provider who have an e-mail address, in their own language; a provider
    without any gets its own address, in the portal's default language. Two queries."""
    ids = list(provider_ids)
    recipients: dict[int, list[Recipient]] = defaultdict(list)
    default = settings.LANGUAGE_CODE
    for provider_id, email, language in (
        ProviderMembership.objects.filter(
            provider_id__in=ids, is_active=True, user__is_active=True, provider__is_active=True
        )
        .exclude(user__email="")
        .values_list("provider_id", "user__email", "user__preference__language")
        .order_by("provider_id", "user__email")
    ):
        recipients[provider_id].append(Recipient(email, language or default))
    missing = [provider_id for provider_id in ids if provider_id not in recipients]
    for provider_id, email in (
        Provider.objects.filter(pk__in=missing, is_active=True).exclude(email="").values_list("pk", "email")
    ):
        recipients[provider_id].append(Recipient(email, default))
    return recipients


def _send(messages: Sequence[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(list(messages)) or 0


def _compose(
    recipient: Recipient,
    *,
    kind: str,
    subject: str,
    subject_params: dict[str, str],
    template: str,
    context: dict[str, object],
) -> EmailMessage:
    """One message rendered in the recipient's language. `subject` is a msgid marked with gettext_noop."""
    with translation.override(recipient.language):
        body = render_to_string(template, {**context, "portal_url": portal_url(reverse("home"))})
        return EmailMessage(
            subject=_(subject) % subject_params,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            # The kind, machine-readable whatever the language: for the providers' mail filters.
            headers={"Content-Language": recipient.language, "X-Portal-Notice": kind},
        )


def _by_provider(months: Iterable[MonthFacts]) -> dict[int, list[MonthFacts]]:
    grouped: dict[int, list[MonthFacts]] = defaultdict(list)
    for month in months:
        grouped[month.contract.provider_id].append(month)
    return grouped


def _reminders(months: list[MonthFacts], *, kind: str, subject: str, template: str, today: datetime.date) -> int:
    grouped = _by_provider(months)
    recipients = provider_recipients(grouped)
    messages = []
    for provider_id, provider_months in grouped.items():
        context: dict[str, object] = {
            "provider_name": provider_months[0].contract.provider_name,
            "months": [
                {
                    "contract": month.contract.number,
                    "title": month.contract.title,
                    "period": str(month.period),
                    "deadline": month.deadline,
                    "days_late": (today - month.deadline).days,
                    "state": month.state,
                    "url": portal_url(
                        reverse("report-detail", args=[month.report_id])
                        if month.report_id
                        else f"{reverse('report-month')}?period={month.period}"
                    ),
                }
                for month in provider_months
            ],
        }
        params = {"provider": provider_months[0].contract.provider_name}
        messages += [
            _compose(recipient, kind=kind, subject=subject, subject_params=params, template=template, context=context)
            for recipient in recipients.get(provider_id, [])
        ]
    return _send(messages)


def report_due_reminders(*, today: datetime.date, days: int) -> int:
    """Remind providers of reports due in exactly `days` days and not yet submitted. Returns messages sent."""
    deadline = today + datetime.timedelta(days=days)
    period = Period.of(deadline).previous()
    due = [
        month
        for month in contract_months(first=period, last=period)
        if month.deadline == deadline and not month.submitted
    ]
    return _reminders(
        due,
        kind="report-due",
        # Translators: subject of the e-mail reminding a provider of reports due soon.
        subject=gettext_noop("Monthly reports due soon: %(provider)s"),
        template="reporting/email/report_due.txt",
        today=today,
    )


def report_late_reminders(*, today: datetime.date) -> int:
    """Remind providers of reports whose deadline passed and that were never submitted. Returns the number
    of messages sent.

    Per provider, not per report, so that several late months do not mean a message on several days of
    every week: a provider is written to on the day after one of its deadlines passed unmet, and every
    seven days counted from its oldest unmet deadline; each message lists all its late reports."""
    current = Period.of(today)
    first = Period(current.year - 1, current.month)
    late = _by_provider(
        month for month in contract_months(first=first, last=current) if month.deadline < today and not month.submitted
    )
    due_today = [
        month
        for months in late.values()
        if any((today - month.deadline).days == 1 for month in months)
        or (today - min(month.deadline for month in months)).days % LATE_REPEAT_DAYS == 1
        for month in months
    ]
    return _reminders(
        due_today,
        kind="report-late",
        # Translators: subject of the e-mail telling a provider that reports are late.
        subject=gettext_noop("Monthly reports late: %(provider)s"),
        template="reporting/email/report_late.txt",
        today=today,
    )


def report_returned_notify(*, report_id: int) -> int:
    """Tell the provider's staff that the city returned a report, with the city's comments: overall and per
    entry, entries named by decision number (never the client: see the module's docstring)."""
    report = Report.objects.select_related("contract", "provider").filter(pk=report_id).first()
    if report is None or report.state != ReportState.RETURNED:
        return 0
    event = ReportEvent.objects.filter(report=report, to_state=ReportState.RETURNED).order_by("-at", "-id").first()
    entries = [
        {"decision_number": decision_number, "comment": comment}
        for decision_number, comment in ReportEntry.objects.filter(report=report)
        .exclude(return_comment="")
        .values_list("service_order__decision_number", "return_comment")
        .order_by("service_order__decision_number", "id")
    ]
    context: dict[str, object] = {
        "contract": report.contract.number,
        "title": report.contract.title,
        "period": report.period,
        "deadline": report.deadline,
        "comment": event.comment if event is not None else "",
        "entries": entries,
        "url": portal_url(reverse("report-detail", args=[report.pk])),
    }
    recipients = provider_recipients([report.provider_id]).get(report.provider_id, [])
    return _send(
        [
            _compose(
                recipient,
                kind="report-returned",
                # Translators: subject of the e-mail telling a provider that the city returned its report.
                subject=gettext_noop("Report returned for correction: %(contract)s %(period)s"),
                subject_params={"contract": report.contract.number, "period": report.period},
                template="reporting/email/report_returned.txt",
                context=context,
            )
            for recipient in recipients
        ]
    )


__all__ = [
    "provider_recipients",
    "report_due_reminders",
    "report_late_reminders",
    "report_returned_notify",
]
