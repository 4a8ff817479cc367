"""The review queue: submitted reports waiting for a contract monitor, oldest first (docs §8, §10).

One query whatever the number of reports: the counts and sums per report are correlated subqueries, and the
key figures are taken from the same rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import Finding, Report, ReportEntry, ReportEvent, ReportState
from reporting.monitoring.tables import Column, Dashboard, Figure, Kind, Table
from reporting.permissions import require_monitor
from reporting.validation import Severity
from suppliers.access import Actor

# A report waiting longer than this (calendar days since submission) is flagged in the key figures.
REVIEW_WITHIN_DAYS = 14


def _count(queryset: QuerySet[Finding] | QuerySet[ReportEntry]) -> Coalesce:
    counted = queryset.order_by().values("report_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _findings(severity: str) -> Coalesce:
    return _count(Finding.objects.filter(report_id=OuterRef("pk"), severity=severity))


def review_queue_rows(
    *, provider_id: int | None = None, submitted_by: datetime.date | None = None
) -> QuerySet[Any, Any]:
    """Current submitted reports, oldest submission first, as flat rows with their counts and cost."""
    money = DecimalField(max_digits=14, decimal_places=2)
    cost = (
        ReportEntry.objects.filter(report_id=OuterRef("pk"))
        .order_by()
        .values("report_id")
        .annotate(total=Sum("cost"))
        .values("total")
    )
    queryset = Report.objects.filter(state=ReportState.SUBMITTED, is_current=True)
    if provider_id is not None:
        queryset = queryset.filter(provider_id=provider_id)
    if submitted_by is not None:
        queryset = queryset.filter(submitted_at__date__lte=submitted_by)
    return (
        queryset.annotate(
            errors=_findings(Severity.ERROR),
            warnings=_findings(Severity.WARNING),
            city_warnings=_findings(Severity.CITY_WARNING),
            entry_count=_count(ReportEntry.objects.filter(report_id=OuterRef("pk"))),
            cost=Coalesce(Subquery(cost, output_field=money), Value(Decimal("0.00")), output_field=money),
            was_returned=Exists(ReportEvent.objects.filter(report_id=OuterRef("pk"), to_state=ReportState.RETURNED)),
        )
        .order_by("submitted_at", "pk")
        .values(
            "pk",
            "provider__name",
            "contract__number",
            "period",
            "revision",
            "previous_revision_id",
            "submitted_at",
            "deadline",
            "submitted_late",
            "errors",
            "warnings",
            "city_warnings",
            "entry_count",
            "cost",
            "was_returned",
        )
    )


def _kind(row: dict[str, Any]) -> str:
    if row["was_returned"]:
        return _("Sent again after a return")
    if row["previous_revision_id"] is not None:
        return _("Correction of an approved report")
    return _("First submission")


def review_queue_dashboard(
    *,
    actor: Actor,
    provider_id: int | None = None,
    min_age_days: int | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """Submitted reports waiting for review, oldest first; optionally one provider's, or those waiting at least
    `min_age_days` days. Age is today minus the (local) day of submission."""
    require_monitor(actor)
    today = today or timezone.localdate()
    submitted_by = today - datetime.timedelta(days=min_age_days) if min_age_days else None
    rows = []
    links = []
    ages = []
    for row in review_queue_rows(provider_id=provider_id, submitted_by=submitted_by):
        submitted_on = timezone.localdate(row["submitted_at"])
        age = (today - submitted_on).days
        ages.append(age)
        links.append(reverse("monitoring-review-report", args=[row["pk"]]))
        rows.append(
            [
                row["provider__name"],
                row["contract__number"],
                str(row["period"]),
                row["revision"],
                submitted_on,
                age,
                row["deadline"],
                _("late") if row["submitted_late"] else _("on time"),
                row["errors"],
                row["warnings"],
                row["city_warnings"],
                row["entry_count"],
                row["cost"],
                _kind(row),
                row["pk"],
            ]
        )
    overdue = sum(1 for age in ages if age > REVIEW_WITHIN_DAYS)
    columns = [
        Column("provider", _("Provider")),
        Column("contract", _("Contract")),
        Column("period", _("Month")),
        Column("revision", _("Revision"), Kind.INTEGER),
        Column("submitted_on", _("Submitted"), Kind.DATE),
        Column("age_days", _("Waiting (days)"), Kind.INTEGER),
        Column("deadline", _("Due date"), Kind.DATE),
        Column("timeliness", _("Timeliness")),
        Column("errors", _("Errors"), Kind.INTEGER),
        Column("warnings", _("Warnings"), Kind.INTEGER),
        Column("city_warnings", _("City-only warnings"), Kind.INTEGER),
        Column("entries", _("Entries"), Kind.INTEGER),
        Column("cost", _("Cost (EUR)"), Kind.MONEY),
        Column("submission", _("Submission")),
        Column("report", _("Report id"), Kind.INTEGER),
    ]
    return Dashboard(
        slug="review-queue",
        title=_("Reports waiting for review"),
        figures=(
            Figure(_("Waiting for review"), len(rows)),
            Figure(_("Oldest waiting (days)"), max(ages) if ages else None),
            Figure(
                _("Waiting over %(days)d days") % {"days": REVIEW_WITHIN_DAYS},
                overdue,
                status="warning" if overdue else "ok",
            ),
        ),
        tables=(
            Table(
                slug="queue",
                title=_("Submitted reports, oldest first"),
                columns=columns,
                rows=rows,
                links=links,
                note=_(
                    "Findings are those stored when the report was submitted. Open a report to see them, what "
                    "changed since the city last saw it, and to return or approve it."
                ),
            ),
        ),
    )
