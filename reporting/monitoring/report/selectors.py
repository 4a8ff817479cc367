"""The contract monitoring report (docs §10): every monitoring dashboard for one provider, one contract or all,
over a range of months, with the reports' validation findings and the provider's self-evaluation.

`monitoring_report` only composes: the dashboards come from their own modules (the same objects the pages,
the API and the Excel exports show), `pdf.render_monitoring_pdf` draws the result.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract
from core.periods import Period
from reporting.models import Finding, ReportState
from reporting.monitoring.report.pdf import MonitoringReport
from reporting.monitoring.tables import Column, Dashboard, Kind, Table
from reporting.permissions import require_monitor
from reporting.validation import Severity
from reporting.validation.presenter import rule_message
from suppliers.access import Actor, person_name
from suppliers.models import Provider

MAX_MONTHS = 24
SEVERITY_ORDER: dict[str, int] = {severity.value: order for order, severity in enumerate(Severity)}


def months_between(first: Period, last: Period) -> int:
    """How many months the range covers, both ends included (0 or less: the range is backwards)."""
    return first.months_until(last)


def period_range_label(first: Period, last: Period) -> str:
    return str(first) if first == last else f"{first} – {last}"


def monitoring_report(
    *,
    actor: Actor,
    first: Period,
    last: Period,
    provider_id: int | None = None,
    contract_id: int | None = None,
) -> MonitoringReport:
    """The report for a provider, a contract (whose provider it implies) or, with neither, every provider."""
    # Imported here: each dashboard lives in its own module, built alongside this one.
    from reporting.monitoring.anomalies.selectors import anomalies_dashboard
    from reporting.monitoring.completeness.selectors import completeness_dashboard
    from reporting.monitoring.money.selectors import money_dashboard
    from reporting.monitoring.outcomes.selectors import outcomes_dashboard
    from reporting.self_evaluations.narrative import self_evaluation_narrative

    require_monitor(actor)
    contract = Contract.objects.select_related("provider").get(pk=contract_id) if contract_id is not None else None
    if contract is not None and provider_id is None:
        provider_id = contract.provider_id
    provider = (
        contract.provider
        if contract is not None and contract.provider_id == provider_id
        else Provider.objects.get(pk=provider_id)
        if provider_id is not None
        else None
    )
    dashboards: list[Dashboard] = [
        dashboard(actor=actor, first=first, last=last, provider_id=provider_id, contract_id=contract_id)
        for dashboard in (completeness_dashboard, money_dashboard, outcomes_dashboard, anomalies_dashboard)
    ]
    narrative = (
        self_evaluation_narrative(actor=actor, provider_id=provider_id, first=first, last=last, contract_id=contract_id)
        if provider_id is not None
        else []
    )
    return MonitoringReport(
        title=_("Contract monitoring report"),
        subject=report_subject(provider=provider, contract=contract),
        period_label=period_range_label(first, last),
        generated_at=timezone.now(),
        generated_by=_user_name(actor),
        dashboards=dashboards,
        findings=findings_table(first=first, last=last, provider_id=provider_id, contract_id=contract_id),
        narrative=narrative,
        client_ids=sorted({client for dashboard in dashboards for client in dashboard.client_ids}),
    )


def report_subject(*, provider: Provider | None, contract: Contract | None) -> str:
    if contract is not None:
        return _("%(provider)s, contract %(number)s %(title)s") % {
            "provider": contract.provider.name,
            "number": contract.number,
            "title": contract.title,
        }
    if provider is not None:
        return provider.name
    return _("All providers")


def findings_table(
    *, first: Period, last: Period, provider_id: int | None = None, contract_id: int | None = None
) -> Table:
    """Validation findings of the current revisions filed in the range (drafts are the provider's own work in
    progress and left out), counted by rule and severity, with one finding's message as an example."""
    findings = Finding.objects.filter(
        report__is_current=True,
        report__period__gte=first,
        report__period__lte=last,
    ).exclude(report__state=ReportState.DRAFT)
    if provider_id is not None:
        findings = findings.filter(report__provider_id=provider_id)
    if contract_id is not None:
        findings = findings.filter(report__contract_id=contract_id)
    grouped = findings.order_by().values("code", "severity")
    groups = list(grouped.annotate(count=Count("id"), reports=Count("report_id", distinct=True), example=Min("id")))
    # A subquery rather than a list of ids: the same two queries whether there are findings or not.
    examples = dict(
        Finding.objects.filter(pk__in=grouped.annotate(example=Min("id")).values("example")).values_list("pk", "params")
    )
    groups.sort(key=lambda group: (SEVERITY_ORDER.get(group["severity"], 9), -group["count"], group["code"]))
    severities = dict(Severity.choices)
    return Table(
        slug="findings",
        title=_("Validation findings"),
        columns=[
            Column("code", _("Rule")),
            Column("severity", _("Severity")),
            Column("findings", _("Findings"), Kind.INTEGER),
            Column("reports", _("Reports"), Kind.INTEGER),
            Column("example", _("Example")),
        ],
        rows=[
            [
                group["code"],
                str(severities.get(group["severity"], group["severity"])),
                group["count"],
                group["reports"],
                rule_message(group["code"], examples.get(group["example"]) or {}) or "",
            ]
            for group in groups
        ],
        note=_("Current revisions of the reports submitted in the period; drafts are not counted."),
    )


def _user_name(actor: Actor) -> str:
    if actor.user_id is None:
        return ""
    return person_name(get_user_model().objects.filter(pk=actor.user_id).first())
