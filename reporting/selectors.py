"""Reads of monthly reports, scoped to what the actor may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db import connection
from django.db.models import CharField, DecimalField, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from contracts.models import Goal, ServiceOrder
from contracts.selectors import service_order_list
from reporting.models import AttendanceDay, Finding, GoalProgress, Report, ReportEntry, ReportEvent
from reporting.validation import Severity
from suppliers.access import Actor


def _entry_sum(field: str) -> Coalesce:
    """The sum of one money field over a report's entries, as a subquery (the list stays one query)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    total = (
        ReportEntry.objects.filter(report_id=OuterRef("pk"))
        .order_by()
        .values("report_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=money), Value(Decimal("0.00")), output_field=money)


def report_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[Report]:
    """Providers see every report they filed (also for clients whose order has since ended); city-wide
    roles see all; social workers the reports that hold an entry of an order they may see."""
    queryset = Report.objects.select_related("provider", "contract").annotate(
        total_cost=_entry_sum("cost"), total_work_share=_entry_sum("work_share_amount")
    )
    if not actor.is_authenticated:
        return queryset.none()
    if actor.sees_all_clients:
        return queryset
    if actor.is_provider_user:
        return queryset.filter(provider_id__in=actor.provider_ids)
    if actor.is_city_unit_worker:
        visible_orders = service_order_list(actor=actor, today=today or timezone.localdate()).values("pk")
        return queryset.filter(
            Exists(ReportEntry.objects.filter(report_id=OuterRef("pk"), service_order_id__in=visible_orders))
        )
    return queryset.none()


def report_entry_list(
    *, actor: Actor, report: Report, today: datetime.date | None = None, contents: bool = True, days: bool = True
) -> QuerySet[ReportEntry]:
    """The entries of a report the actor may see, with their orders, clients, products and ordering units,
    and days, goal progress and goals prefetched.

    `contents=False` gives the entries with their orders' clients only, for a caller that reads what the
    entries hold in bulk itself (the workbook upload): a month's 40,000 days as model instances cost seconds.
    `days=False` leaves out the days alone, for a caller that reads them as rows (the workbook download).
    """
    queryset = ReportEntry.objects.filter(report=report).order_by(
        "service_order__client__last_name", "service_order__client__first_name", "id"
    )
    if contents:
        queryset = queryset.select_related(
            "service_order__client",
            "service_order__contract_line__product",
            "service_order__ordering_unit",
        ).prefetch_related(
            Prefetch("goal_progress", queryset=GoalProgress.objects.order_by("goal_id")),
            Prefetch("service_order__goals", queryset=Goal.objects.order_by("id")),
        )
        if days:
            queryset = queryset.prefetch_related(Prefetch("days", queryset=AttendanceDay.objects.order_by("date")))
    else:
        queryset = queryset.select_related("service_order__client")
    if actor.sees_all_clients or (actor.is_provider_user and report.provider_id in actor.provider_ids):
        return queryset
    if actor.is_city_unit_worker:
        visible: QuerySet[ServiceOrder] = service_order_list(actor=actor, today=today or timezone.localdate())
        return queryset.filter(service_order_id__in=visible.values("pk"))
    return queryset.none()


def report_findings_list(*, actor: Actor, report: Report) -> QuerySet[Finding]:
    queryset = Finding.objects.filter(report=report).order_by("entry_id", "date", "code")
    if not actor.is_city_user:
        queryset = queryset.exclude(severity=Severity.CITY_WARNING)
    return queryset


def report_event_list(*, report: Report) -> QuerySet[ReportEvent]:
    # The submission snapshot is for the change list alone (reporting.changes); it can be large.
    return ReportEvent.objects.filter(report=report).select_related("actor").defer("snapshot").order_by("at", "id")


def report_day_rows(*, report_id: int) -> Iterator[tuple[int, datetime.date, str, Decimal]]:
    """Every attendance day of a report as plain (entry_id, date, status, hours) rows, by entry and date.

    Not scoped to an actor: for the validation and the workbook upload, which read a whole report after their
    own permission checks. A month holds tens of thousands of days. SQLite hands back dates and decimals as
    text and Django converts each value on its own (a date parse, a float, a Decimal); here each distinct text
    is converted once, since a month has some 31 dates and a few numbers of hours. Other databases return
    dates and decimals already, so they take the plain query.
    """
    rows = AttendanceDay.objects.filter(entry__report_id=report_id).order_by("entry_id", "date")
    if connection.vendor != "sqlite":
        yield from rows.values_list("entry_id", "date", "status", "hours")
        return
    dates: dict[str, datetime.date] = {}
    hours_of: dict[str, Decimal] = {}
    cent = Decimal("0.01")
    for entry_id, date_text, status, hours_text in rows.values_list(
        "entry_id", Cast("date", CharField()), "status", Cast("hours", CharField())
    ):
        date = dates.get(date_text)
        if date is None:
            date = dates[date_text] = datetime.date.fromisoformat(date_text)
        hours = hours_of.get(hours_text)
        if hours is None:
            hours = hours_of[hours_text] = Decimal(hours_text).quantize(cent)
        yield entry_id, date, status, hours
