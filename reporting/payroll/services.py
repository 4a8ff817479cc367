"""Making a payroll batch: the work-share money of approved reports not yet taken, each day exactly once."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from contracts.models import WorkShareRate
from portal.errors import ConflictError
from portal.periods import Period
from reporting.models import (
    AttendanceDay,
    PayrollBatch,
    PayrollFormat,
    PayrollLine,
    PayrollLineKind,
    Report,
    ReportState,
)
from reporting.money import ZERO, RateTable
from reporting.payroll.exporters import write_csv, write_xlsx
from suppliers.access import actor_for
from suppliers.models import Provider

PAYROLL_ROLE = "payroll_clerk"


def require_payroll_role(user: Any) -> None:
    actor = actor_for(user)
    if not (actor.is_superuser or actor.has_role(PAYROLL_ROLE)):
        raise PermissionDenied(_("Only payroll clerks create and download payroll batches."))


def payroll_format_default() -> PayrollFormat:
    existing = PayrollFormat.objects.filter(is_default=True).first()
    if existing is not None:
        return existing
    payroll_format, _created = PayrollFormat.objects.get_or_create(
        name="Oletus (työosuusraha)", defaults={"is_default": True}
    )
    return payroll_format


@dataclass(frozen=True)
class _Paid:
    net_amount: Decimal
    original_id: int | None


def _reports_to_take(period: Period, provider: Provider | None) -> QuerySet[Report]:
    """Current approved revisions of this month and earlier that no batch has taken yet."""
    reports = Report.objects.filter(
        state=ReportState.APPROVED, is_current=True, period__lte=str(period), payroll_batch__isnull=True
    )
    return reports.filter(provider=provider) if provider is not None else reports


def _is_correction(report: Report) -> bool:
    """A revision after one that payroll already took: its differences are adjustments."""
    previous = report.previous_revision
    while previous is not None:
        if previous.payroll_batch_id is not None:
            return True
        previous = previous.previous_revision
    return False


def _planned_lines(reports: list[Report], rates: RateTable) -> list[PayrollLine]:
    report_ids = [report.pk for report in reports]
    by_id = {report.pk: report for report in reports}
    wanted: dict[int, dict[tuple[int, datetime.date], tuple[Decimal, Decimal]]] = defaultdict(dict)
    for report_id, order_id, date, hours, amount in (
        AttendanceDay.objects.filter(entry__report_id__in=report_ids)
        .values_list("entry__report_id", "entry__service_order_id", "date", "hours", "work_share_amount")
        .iterator(chunk_size=5000)
    ):
        if amount:
            wanted[report_id][(order_id, date)] = (hours, amount)
    orders_by_report: dict[int, set[int]] = defaultdict(set)
    for report_id, order_id in (
        Report.objects.filter(pk__in=report_ids).values_list("pk", "entries__service_order_id").iterator()
    ):
        if order_id is not None:
            orders_by_report[report_id].add(order_id)
    # What payroll already paid for these orders, net of earlier adjustments, per order and day.
    paid: dict[int, dict[datetime.date, _Paid]] = defaultdict(dict)
    all_orders = {order for orders in orders_by_report.values() for order in orders}
    if all_orders:
        for order_id, date, net, original_id in (
            PayrollLine.objects.filter(service_order_id__in=all_orders)
            .values("service_order_id", "date")
            .annotate(net=Sum("amount"), original=Min("id", filter=Q(kind=PayrollLineKind.ORIGINAL)))
            .values_list("service_order_id", "date", "net", "original")
            .iterator(chunk_size=5000)
        ):
            paid[order_id][date] = _Paid(net, original_id)

    lines: list[PayrollLine] = []
    for report in reports:
        period = Period.parse(report.period)
        correction = _is_correction(report)
        own = wanted.get(report.pk, {})
        keys = set(own)
        for order_id in orders_by_report[report.pk]:
            keys |= {(order_id, day) for day in paid.get(order_id, {}) if period.first_day <= day <= period.last_day}
        for order_id, date in sorted(keys):
            hours, amount = own.get((order_id, date), (ZERO, ZERO))
            already = paid.get(order_id, {}).get(date)
            difference = amount - (already.net_amount if already else ZERO)
            if difference == 0:
                continue
            rate = rates.rate_on(date) or ZERO
            original = already is None and not correction
            lines.append(
                PayrollLine(
                    kind=PayrollLineKind.ORIGINAL if original else PayrollLineKind.ADJUSTMENT,
                    source_report=by_id[report.pk],
                    service_order_id=order_id,
                    date=date,
                    hours=hours,
                    rate=rate,
                    amount=difference,
                    adjusts_id=already.original_id if already else None,
                )
            )
    return lines


def payroll_batch_create(
    *, user: Any, period: Period, provider: Provider | None = None, payroll_format: PayrollFormat | None = None
) -> PayrollBatch:
    """Take every approved day not yet paid, and the difference of every correction, into a new batch.

    Two batches made at the same moment cannot both take a day: the database refuses the second, and the
    caller is told to try again (409).
    """
    require_payroll_role(user)
    payroll_format = payroll_format or payroll_format_default()
    directory = Path(settings.MEDIA_ROOT) / "payroll"
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        with transaction.atomic():
            reports = list(
                _reports_to_take(period, provider)
                .select_for_update()
                .select_related("previous_revision")
                .order_by("period", "id")
            )
            lines = _planned_lines(
                reports, RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))
            )
            if not lines:
                raise ValidationError(
                    _("Nothing to pay for %(period)s: no approved work-share money is waiting.") % {"period": period},
                    code="nothing_to_pay",
                )
            batch = PayrollBatch.objects.create(
                period=str(period), provider=provider, payroll_format=payroll_format, created_by=user
            )
            for line in lines:
                line.batch = batch
            PayrollLine.objects.bulk_create(lines, batch_size=2000)
            Report.objects.filter(pk__in=[report.pk for report in reports]).update(payroll_batch=batch)
            stem = f"batch-{batch.pk}-{uuid.uuid4().hex[:12]}"
            xlsx_path, csv_path = directory / f"{stem}.xlsx", directory / f"{stem}.csv"
            written += [xlsx_path, csv_path]
            batch.line_count = len(lines)
            batch.total_amount = sum((line.amount for line in lines), ZERO)
            batch.xlsx_sha256 = write_xlsx(batch, payroll_format.columns, xlsx_path)
            batch.csv_sha256 = write_csv(batch, payroll_format.columns, csv_path)
            batch.xlsx_file, batch.csv_file = xlsx_path.name, csv_path.name
            batch.save(
                update_fields=["line_count", "total_amount", "xlsx_sha256", "csv_sha256", "xlsx_file", "csv_file"]
            )
            return batch
    except IntegrityError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise ConflictError(
            _("Another payroll batch took some of these days at the same moment. Create the batch again."),
            code="concurrent_batch",
        ) from exc
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def payroll_file_path(batch: PayrollBatch, kind: str) -> Path:
    name = batch.xlsx_file if kind == "xlsx" else batch.csv_file
    return Path(settings.MEDIA_ROOT) / "payroll" / name
