"""E-mail to providers about their monthly reports: due soon, late, and returned by the city.

Each message is rendered in its recipient's language (`suppliers.UserPreference`, set when they switch
language; the portal's default otherwise) from plain-text templates under `templates/reporting/email/`.

E-mail is not a secure channel for client data (special-category data, docs §11): no message names a client
or carries an identity code. A returned report's entries are named by the city's decision number, which
the provider's staff look up in the portal, where the access is logged.

The reminders of reports due or late are in `reporting.monitoring.completeness.reminders`: they expect a month
as the completeness dashboard does. The report services reach only what is here (a returned report).
"""

from __future__ import annotations

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

from reporting.models import Report, ReportEntry, ReportEvent, ReportState
from suppliers.models import Provider, ProviderMembership


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


def send_messages(messages: Sequence[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(list(messages)) or 0


def compose_message(
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
        "period": str(report.period),
        "deadline": report.deadline,
        "comment": event.comment if event is not None else "",
        "entries": entries,
        "url": portal_url(reverse("report-detail", args=[report.pk])),
    }
    recipients = provider_recipients([report.provider_id]).get(report.provider_id, [])
    return send_messages(
        [
            compose_message(
                recipient,
                kind="report-returned",
                # Translators: subject of the e-mail telling a provider that the city returned its report.
                subject=gettext_noop("Report returned for correction: %(contract)s %(period)s"),
                subject_params={"contract": report.contract.number, "period": str(report.period)},
                template="reporting/email/report_returned.txt",
                context=context,
            )
            for recipient in recipients
        ]
    )


__all__ = ["compose_message", "portal_url", "provider_recipients", "report_returned_notify", "send_messages"]
