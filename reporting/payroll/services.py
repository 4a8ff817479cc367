"""Making a payroll batch: the work-share money of approved reports not yet taken, each day exactly once."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from contracts.models import WorkShareRate
from core.errors import ConflictError
from core.periods import Period
from reporting.models import (
    AttendanceDay,
    PayrollBatch,
    PayrollFormat,
    PayrollLine,
    PayrollLineKind,
    Report,
    ReportEntry,
    ReportState,
)
from reporting.money import ZERO, RateTable
from reporting.payroll.exporters import write_csv, write_xlsx
from reporting.payroll.permissions import require_payroll_clerk
from suppliers.access import actor_for
from suppliers.models import Provider


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
    net_hours: Decimal
    original_id: int | None


@dataclass(frozen=True)
class _Taken:
    """A report a batch takes: only what planning needs, so a large month does not hold report objects."""

    pk: int
    period: Period
    previous_id: int | None


# Reports are planned and written in chunks of about this many attendance days (a report is never split):
# memory follows the chunk, not the batch.
DAYS_PER_CHUNK = 5000


def _reports_to_take(period: Period, provider: Provider | None) -> QuerySet[Report]:
    """Current approved revisions of this month and earlier that no batch has taken yet."""
    reports = Report.objects.filter(
        state=ReportState.APPROVED, is_current=True, period__lte=period, payroll_batch__isnull=True
    )
    return reports.filter(provider=provider) if provider is not None else reports


def _chunks(reports: list[_Taken]) -> Iterator[list[_Taken]]:
    days = dict(
        AttendanceDay.objects.filter(entry__report_id__in=[report.pk for report in reports])
        .values("entry__report_id")
        .annotate(count=Count("id"))
        .values_list("entry__report_id", "count")
    )
    chunk: list[_Taken] = []
    size = 0
    for report in reports:
        if chunk and size + days.get(report.pk, 0) > DAYS_PER_CHUNK:
            yield chunk
            chunk, size = [], 0
        chunk.append(report)
        size += days.get(report.pk, 0)
    if chunk:
        yield chunk


def _corrections(reports: list[_Taken]) -> set[int]:
    """The reports that are revisions after one payroll already took: their differences are adjustments."""
    corrections: set[int] = set()
    # report -> the earlier revision still to look at; one query per level of revisions, not per report
    looking = {report.pk: report.previous_id for report in reports if report.previous_id is not None}
    while looking:
        earlier = {
            pk: (batch_id, previous_id)
            for pk, batch_id, previous_id in Report.objects.filter(pk__in=set(looking.values())).values_list(
                "pk", "payroll_batch_id", "previous_revision_id"
            )
        }
        following: dict[int, int] = {}
        for report_id, previous_id in looking.items():
            batch_id, before = earlier[previous_id]
            if batch_id is not None:
                corrections.add(report_id)
            elif before is not None:
                following[report_id] = before
        looking = following
    return corrections


def _planned_lines(reports: list[_Taken], rates: RateTable) -> list[PayrollLine]:
    report_ids = [report.pk for report in reports]
    wanted: dict[int, dict[tuple[int, datetime.date], tuple[Decimal, Decimal]]] = defaultdict(dict)
    for report_id, order_id, date, hours, amount in (
        AttendanceDay.objects.filter(entry__report_id__in=report_ids)
        .values_list("entry__report_id", "entry__service_order_id", "date", "hours", "work_share_amount")
        .iterator(chunk_size=5000)
    ):
        if amount:
            wanted[report_id][(order_id, date)] = (hours, amount)
    orders_by_report: dict[int, set[int]] = defaultdict(set)
    for report_id, order_id in ReportEntry.objects.filter(report_id__in=report_ids).values_list(
        "report_id", "service_order_id"
    ):
        orders_by_report[report_id].add(order_id)
    # What payroll already paid for these orders, net of earlier adjustments, per order and day.
    paid: dict[int, dict[datetime.date, _Paid]] = defaultdict(dict)
    all_orders = {order for orders in orders_by_report.values() for order in orders}
    if all_orders:
        for order_id, date, net, net_hours, original_id in (
            PayrollLine.objects.filter(service_order_id__in=all_orders)
            .values("service_order_id", "date")
            .annotate(
                net=Sum("amount"),
                net_hours=Sum("hours"),
                original=Min("id", filter=Q(kind=PayrollLineKind.ORIGINAL)),
            )
            .values_list("service_order_id", "date", "net", "net_hours", "original")
            .iterator(chunk_size=5000)
        ):
            paid[order_id][date] = _Paid(net, net_hours, original_id)
    corrections = _corrections(reports)

    lines: list[PayrollLine] = []
    for report in reports:
        period = report.period
        correction = report.pk in corrections
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
                    source_report_id=report.pk,
                    service_order_id=order_id,
                    date=date,
                    # An adjustment carries the change of hours as well as of money: hours × rate = amount.
                    hours=hours - (already.net_hours if already else ZERO),
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

    Two batches made at the same moment cannot both take a day: the reports are locked, and should two plans
    still meet, the database refuses the second and the caller is told to try again (409).
    """
    require_payroll_clerk(actor_for(user))
    payroll_format = payroll_format or payroll_format_default()
    directory = Path(settings.MEDIA_ROOT) / "payroll"
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        with transaction.atomic():
            # of=self: PostgreSQL cannot lock the nullable side of an outer join (previous_revision).
            reports = [
                _Taken(pk, report_period, previous_id)
                for pk, report_period, previous_id in _reports_to_take(period, provider)
                .select_for_update(of=("self",))
                .order_by("period", "id")
                .values_list("pk", "period", "previous_revision_id")
            ]
            batch = PayrollBatch.objects.create(
                period=period, provider=provider, payroll_format=payroll_format, created_by=user
            )
            rates = RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))
            line_count, total = 0, ZERO
            for chunk in _chunks(reports):
                lines = _planned_lines(chunk, rates)
                for line in lines:
                    line.batch = batch
                PayrollLine.objects.bulk_create(lines, batch_size=2000)
                line_count += len(lines)
                total += sum((line.amount for line in lines), ZERO)
                Report.objects.filter(pk__in=[report.pk for report in chunk]).update(payroll_batch=batch)
                del lines
            if not line_count:
                raise ValidationError(
                    _("Nothing to pay for %(period)s: no approved work-share money is waiting.") % {"period": period},
                    code="nothing_to_pay",
                )
            stem = f"batch-{batch.pk}-{uuid.uuid4().hex[:12]}"
            xlsx_path, csv_path = directory / f"{stem}.xlsx", directory / f"{stem}.csv"
            written += [xlsx_path, csv_path]
            batch.line_count = line_count
            batch.total_amount = total
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
