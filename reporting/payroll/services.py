"""Making a payroll batch: the work-share money of approved reports not yet taken, each day exactly once."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contracts.models import WorkShareRate
from core.errors import ConflictError
from core.periods import Period, check_period_in_range
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
from reporting.money import ZERO, to_cents
from reporting.payroll.exporters import write_files
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
class _Taken:
    """A report a batch takes: only what planning needs, so a large month does not hold report objects."""

    pk: int
    period: Period
    previous_id: int | None


# Reports are planned and written by the database in groups of this many (a report is never split): the
# lines never pass through Python, so memory stays flat however many lines a batch has; the group only bounds
# the statement's parameters.
REPORTS_PER_STATEMENT = 500


def _reports_to_take(period: Period, provider: Provider | None) -> QuerySet[Report]:
    """Current approved revisions of this month and earlier that no batch has taken yet."""
    reports = Report.objects.filter(
        state=ReportState.APPROVED, is_current=True, period__lte=period, payroll_batch__isnull=True
    )
    return reports.filter(provider=provider) if provider is not None else reports


def _groups(reports: list[_Taken]) -> Iterator[list[_Taken]]:
    for start in range(0, len(reports), REPORTS_PER_STATEMENT):
        yield reports[start : start + REPORTS_PER_STATEMENT]


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


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


# The plan of a group of reports as one INSERT … SELECT (docs §7, §10): per report, every (order, day) it pays
# money for, and every day of its orders in its month that payroll already paid something for. A line is the
# difference between what the report says and what payroll paid net (all batches, adjustments included):
#   - none when the difference is zero;
#   - an original payment when nothing was ever paid for that order and day and the report is not a
#     correction of a report a batch already took; otherwise an adjustment pointing at the original payment;
#   - hours change with the money (hours × rate = amount); the rate is the one in force that day.
# `taken` and `rates` are VALUES lists (report, first day, last day, is a correction) and
# (from, until, EUR per hour). What was paid is read only for these reports' orders within their months'
# span (the services keep every day of a report within its month), through the (service order, date) index.
_PLAN_SQL = """
INSERT INTO {line} (batch_id, kind, source_report_id, service_order_id, date, hours, rate, amount, adjusts_id)
WITH taken (report_id, first_day, last_day, correction) AS (VALUES {taken}),
rates (starts, ends, amount) AS (VALUES {rates}),
paid AS (
    SELECT l.service_order_id, l.date, SUM(l.amount) AS net, SUM(l.hours) AS net_hours,
           MIN(CASE WHEN l.kind = %(original)s THEN l.id END) AS original_id
    FROM {line} l
    WHERE l.service_order_id IN (
        SELECT e.service_order_id FROM {entry} e WHERE e.report_id IN (SELECT report_id FROM taken)
    )
      AND l.date BETWEEN %(span_first)s AND %(span_last)s
    GROUP BY l.service_order_id, l.date
),
planned AS (
    SELECT t.report_id, t.correction, e.service_order_id, d.date, d.hours, d.work_share_amount AS amount,
           p.service_order_id AS paid_order, p.net, p.net_hours, p.original_id
    FROM taken t
    JOIN {entry} e ON e.report_id = t.report_id
    JOIN {day} d ON d.entry_id = e.id AND d.work_share_amount <> 0
    LEFT JOIN paid p ON p.service_order_id = e.service_order_id AND p.date = d.date
    UNION ALL
    SELECT t.report_id, t.correction, e.service_order_id, p.date, 0, 0,
           p.service_order_id, p.net, p.net_hours, p.original_id
    FROM taken t
    JOIN {entry} e ON e.report_id = t.report_id
    JOIN paid p ON p.service_order_id = e.service_order_id AND p.date BETWEEN t.first_day AND t.last_day
    WHERE NOT EXISTS (
        SELECT 1 FROM {day} d WHERE d.entry_id = e.id AND d.date = p.date AND d.work_share_amount <> 0
    )
)
SELECT %(batch)s,
       CASE WHEN x.paid_order IS NULL AND x.correction = 0 THEN %(original)s ELSE %(adjustment)s END,
       x.report_id, x.service_order_id, x.date,
       ROUND(x.hours - COALESCE(x.net_hours, 0), 2),
       COALESCE(r.amount, 0),
       ROUND(x.amount - COALESCE(x.net, 0), 2),
       x.original_id
FROM planned x
LEFT JOIN rates r ON x.date >= r.starts AND x.date < r.ends
WHERE ROUND(x.amount - COALESCE(x.net, 0), 2) <> 0
"""

_NO_RATE = (datetime.date(1, 1, 1), datetime.date(1, 1, 1), ZERO)  # VALUES needs a row; this one matches no day


def _insert_lines(batch: PayrollBatch, reports: list[_Taken], corrections: set[int], rates: list[Any]) -> None:
    """Plan and insert the lines of these reports in the database."""
    ops = connection.ops
    params: dict[str, Any] = {
        "batch": batch.pk,
        "original": PayrollLineKind.ORIGINAL.value,
        "adjustment": PayrollLineKind.ADJUSTMENT.value,
        "span_first": ops.adapt_datefield_value(min(report.period.first_day for report in reports)),
        "span_last": ops.adapt_datefield_value(max(report.period.last_day for report in reports)),
    }
    taken: list[str] = []
    for index, report in enumerate(reports):
        params[f"r{index}"] = report.pk
        params[f"f{index}"] = ops.adapt_datefield_value(report.period.first_day)
        params[f"l{index}"] = ops.adapt_datefield_value(report.period.last_day)
        params[f"c{index}"] = int(report.pk in corrections)
        taken.append(f"(%(r{index})s, %(f{index})s, %(l{index})s, %(c{index})s)")
    rate_rows: list[str] = []
    for index, (starts, ends, amount) in enumerate(rates or [_NO_RATE]):
        params[f"rs{index}"] = ops.adapt_datefield_value(starts)
        params[f"re{index}"] = ops.adapt_datefield_value(ends)
        params[f"ra{index}"] = ops.adapt_decimalfield_value(amount, 6, 2)
        rate_rows.append(f"(%(rs{index})s, %(re{index})s, %(ra{index})s)")
    sql = _PLAN_SQL.format(
        taken=", ".join(taken),
        rates=", ".join(rate_rows),
        line=_table(PayrollLine),
        entry=_table(ReportEntry),
        day=_table(AttendanceDay),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rate_periods() -> list[tuple[datetime.date, datetime.date, Decimal]]:
    """The dated rate decisions as [from, until) periods; a day before the first decision has no rate (0)."""
    decisions = sorted(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))
    ends = [start for start, _ in decisions[1:]] + [datetime.date.max]
    return [(start, end, amount) for (start, amount), end in zip(decisions, ends, strict=True)]


def payroll_batch_create(
    *, user: Any, period: Period, provider: Provider | None = None, payroll_format: PayrollFormat | None = None
) -> PayrollBatch:
    """Take every approved day not yet paid, and the difference of every correction, into a new batch.

    Two batches made at the same moment cannot both take a day: the reports are locked, and should two plans
    still meet, the database refuses the second and the caller is told to try again (409).
    """
    require_payroll_clerk(actor_for(user))
    check_period_in_range(period)
    deadline = period.deadline(settings.REPORT_DUE_DAY)
    if timezone.localdate() <= deadline:
        # A batch cannot be undone (its lines are paid); before the deadline the month's reports are still coming.
        raise ValidationError(
            {
                "period": [
                    _(
                        "The reports of %(period)s are due by %(deadline)s: a payroll batch for the month can be "
                        "made once that deadline has passed."
                    )
                    % {"period": period, "deadline": date_format(deadline, "SHORT_DATE_FORMAT")}
                ]
            }
        )
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
            rates = _rate_periods()
            corrections = _corrections(reports)
            for group in _groups(reports):
                _insert_lines(batch, group, corrections, rates)
                Report.objects.filter(pk__in=[report.pk for report in group]).update(payroll_batch=batch)
            made = PayrollLine.objects.filter(batch=batch).aggregate(count=Count("id"), total=Sum("amount"))
            line_count, total = made["count"], to_cents(made["total"] or ZERO)
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
            batch.xlsx_sha256, batch.csv_sha256 = write_files(batch, payroll_format.columns, xlsx_path, csv_path)
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
