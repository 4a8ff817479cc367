"""E-mail reminders to providers of monthly reports due soon or late (`manage.py send_report_reminders`).

They run daily from cron and must not nag:
- "due": exactly `days` days before a report's deadline, for each expected report not yet submitted;
- "late": on the day after the deadline and then every 7 days while the report has still never been
  submitted (days 1, 8, 15, … after the deadline), over the last twelve months.
A month is expected as on the completeness dashboard (`selectors.contract_months`). Each provider gets one
message per recipient and kind, listing all its contracts concerned. Composed and sent as every portal
e-mail is (`reporting.notifications`: the recipient's language, no client named).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_noop

from core.periods import Period
from reporting.monitoring.completeness.selectors import MonthFacts, contract_months
from reporting.notifications import compose_message, portal_url, provider_recipients, send_messages

LATE_REPEAT_DAYS = 7


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
            compose_message(
                recipient, kind=kind, subject=subject, subject_params=params, template=template, context=context
            )
            for recipient in recipients.get(provider_id, [])
        ]
    return send_messages(messages)


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
    first = current - 12
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
