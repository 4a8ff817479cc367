"""Writes of monthly reports: creation, entry edits, validation and the lifecycle (docs §8).

The API, the pages and the Excel importer all call these; each checks permission, runs in a transaction and
records who did what. One module of some 700 lines on purpose: every write goes through the same guards,
the report's lock and its event record (the private helpers at the top), and the lifecycle reads whole here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    Goal,
    ServiceOrder,
    WorkShareRate,
    price_in_force,
)
from core.errors import ConflictError, DomainError
from core.periods import Period
from core.text import text_errors
from reporting.changes import report_snapshot
from reporting.gas import gas_t_score
from reporting.models import (
    EDITABLE_STATES,
    AttendanceDay,
    AttendanceStatus,
    Finding,
    GoalProgress,
    Report,
    ReportEntry,
    ReportEvent,
    ReportState,
    report_deadline,
)
from reporting.money import ZERO, RateTable, day_amount, entry_cost, price_date
from reporting.notifications import report_returned_notify
from reporting.permissions import (
    require_provider_member,
    require_report_editable,
    require_report_state,
    require_reviewer,
)
from reporting.validation import FindingData, Severity
from reporting.validation.engine import report_findings
from suppliers.access import actor_for
from suppliers.services import client_access_record


class ReportHasErrors(DomainError):
    status_code = 400
    default_code = "report_has_errors"

    def __init__(self, detail: Any, *, findings: list[FindingData], code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.findings = findings


# Guards ---------------------------------------------------------------------------------------------------


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("contract", "provider").get(pk=report.pk)


def _require_version(report: Report, version: int) -> None:
    if report.version != version:
        raise ConflictError(
            _("Someone else changed this report after you opened it. Reload it and try again."), code="stale_version"
        )


def _event(
    report: Report,
    *,
    user: Any,
    from_state: str,
    to_state: str,
    comment: str = "",
    snapshot: dict[str, Any] | None = None,
) -> None:
    errors = text_errors(comment)
    if errors:
        raise ValidationError({"comment": errors})
    ReportEvent.objects.create(
        report=report, actor=user, from_state=from_state, to_state=to_state, comment=comment, snapshot=snapshot
    )


# Money ----------------------------------------------------------------------------------------------------


def _rate_table() -> RateTable:
    return RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))


# Creation -------------------------------------------------------------------------------------------------


def report_create(*, user: Any, contract: Contract, period: Period) -> tuple[Report, bool]:
    """The current report of a contract and month; a new draft with one entry per order active in it."""
    actor = actor_for(user)
    require_provider_member(actor, contract.provider_id)
    existing = Report.objects.filter(contract=contract, period=period, is_current=True).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                provider_id=contract.provider_id,
                contract=contract,
                period=period,
                deadline=report_deadline(contract, period),
                created_by=user,
            )
            orders = ServiceOrder.objects.filter(
                contract_line__contract=contract, starts_on__lte=period.last_day, ends_on__gte=period.first_day
            ).order_by("id")
            ReportEntry.objects.bulk_create([ReportEntry(report=report, service_order=order) for order in orders])
            _event(report, user=user, from_state="", to_state=ReportState.DRAFT)
    except IntegrityError:
        # Two requests created it at once: the other one won; return its report.
        return Report.objects.get(contract=contract, period=period, is_current=True), False
    return report, True


# Editing --------------------------------------------------------------------------------------------------


class DayInput(NamedTuple):
    """One attendance day to store. A named tuple rather than a frozen dataclass: a month's workbook makes
    40,000 of them, and a frozen dataclass is several times slower to build."""

    date: datetime.date
    status: str
    hours: Decimal = Decimal("0")


@dataclass(frozen=True)
class ProgressInput:
    goal_id: int
    level: int
    narrative: str = ""


_ENTRY_FIELDS = ("units_delivered", "work_share_paid", "notes", "warning_reason")
_UNCHANGED_FIELDS = ("id", "report", "service_order", "return_comment", "version", *_ENTRY_FIELDS)
_STATUSES = frozenset(AttendanceStatus.values)


@dataclass(frozen=True)
class EntryChange:
    """What to change in one entry. `days` and `goal_progress`, when given, replace what was there.

    `version` is the version the change was made against: a stale one is refused, so no change is made on
    top of an edit its author never saw (the workbook records the version each entry was downloaded with).
    """

    entry_id: int
    version: int
    days: Sequence[DayInput] | None = None
    goal_progress: Sequence[ProgressInput] | None = None
    fields: Mapping[str, Any] = dataclass_field(default_factory=dict)


class EntriesInvalid(ValidationError):
    """Input errors per entry, each keyed like the single-entry API (`days[3].hours`)."""

    def __init__(self, per_entry: dict[int, ValidationError]) -> None:
        self.per_entry = per_entry
        super().__init__(
            {
                f"entries[{entry_id}].{key}": messages
                for entry_id, error in per_entry.items()
                for key, messages in error.message_dict.items()
            }
        )


def _entry_input_errors(change: EntryChange, *, period: Period, goal_ids: set[int]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if change.days is not None:
        seen: set[datetime.date] = set()
        first_day, last_day = period.first_day, period.last_day
        for index, day in enumerate(change.days):
            where = f"days[{index}]"
            if not (first_day <= day.date <= last_day):
                errors.setdefault(f"{where}.date", []).append(
                    _("%(date)s is not in the report's month %(period)s.")
                    % {"date": day.date.isoformat(), "period": period}
                )
            if day.date in seen:
                errors.setdefault(f"{where}.date", []).append(
                    _("%(date)s is given twice.") % {"date": day.date.isoformat()}
                )
            seen.add(day.date)
            if day.status not in _STATUSES:
                errors.setdefault(f"{where}.status", []).append(
                    _("Unknown attendance status %(status)s; use present, sick, absent or other.")
                    % {"status": day.status}
                )
            if day.hours < 0 or day.hours > 24:
                errors.setdefault(f"{where}.hours", []).append(_("Hours must be between 0 and 24."))
    if change.goal_progress is not None:
        for index, item in enumerate(change.goal_progress):
            if item.goal_id not in goal_ids:
                errors.setdefault(f"goal_progress[{index}].goal", []).append(
                    _("Goal %(goal)s is not a goal of this client's order.") % {"goal": item.goal_id}
                )
            if not -2 <= item.level <= 2:
                errors.setdefault(f"goal_progress[{index}].level", []).append(_("The GAS level is from -2 to +2."))
            narrative_errors = text_errors(item.narrative)
            if narrative_errors:
                errors.setdefault(f"goal_progress[{index}].narrative", []).extend(narrative_errors)
    return errors


@transaction.atomic
def report_entries_update(*, user: Any, report: Report, changes: Sequence[EntryChange]) -> list[ReportEntry]:
    """Change many entries of one report at once, all or nothing: the API's one-entry edit and the
    workbook upload both come here. A fixed number of queries whatever the number of entries."""
    actor = actor_for(user)
    locked_report = _lock(report)
    require_provider_member(actor, locked_report.provider_id)
    require_report_editable(locked_report)
    ids = [change.entry_id for change in changes]
    entries = {
        entry.pk: entry
        for entry in ReportEntry.objects.select_for_update(of=("self",)).filter(report=locked_report, pk__in=ids)
    }
    missing = [entry_id for entry_id in ids if entry_id not in entries]
    if missing:
        raise ValidationError(
            {"entries": [_("These entries are not in the report: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]}
        )
    for change in changes:
        if entries[change.entry_id].version != change.version:
            raise ConflictError(
                _("Someone else changed this entry after you opened it. Reload it and make your change again."),
                code="stale_version",
            )
        unknown = set(change.fields) - set(_ENTRY_FIELDS)
        if unknown:
            raise ValidationError(
                _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
    period = locked_report.period
    goal_ids: dict[int, set[int]] = defaultdict(set)
    weights: dict[int, int] = {}
    for order_id, goal_id, weight in Goal.objects.filter(
        service_order_id__in={entry.service_order_id for entry in entries.values()}
    ).values_list("service_order_id", "pk", "weight"):
        goal_ids[order_id].add(goal_id)
        weights[goal_id] = weight
    invalid: dict[int, ValidationError] = {}
    for change in changes:
        errors = _entry_input_errors(
            change, period=period, goal_ids=goal_ids[entries[change.entry_id].service_order_id]
        )
        if errors:
            invalid[change.entry_id] = ValidationError(errors)
    if invalid:
        raise EntriesInvalid(invalid)

    rates = _rate_table()
    # The orders' lines and start dates as rows: a batch has thousands of entries and needs two fields of each
    # order.
    order_of: dict[int, tuple[int, datetime.date]] = {
        order_id: (line_id, starts_on)
        for order_id, line_id, starts_on in ServiceOrder.objects.filter(
            pk__in={entry.service_order_id for entry in entries.values()}
        ).values_list("pk", "contract_line_id", "starts_on")
    }
    line_ids = {line_id for line_id, _starts_on in order_of.values()}
    # Per line rather than joined to every entry: a batch has thousands of entries and a handful of lines.
    earns_on_line = dict(ContractLine.objects.filter(pk__in=line_ids).values_list("pk", "product__earns_work_share"))
    prices: dict[int, list[ContractLinePrice]] = defaultdict(list)
    for line_price in ContractLinePrice.objects.filter(line_id__in=line_ids).order_by("valid_from"):
        prices[line_price.line_id].append(line_price)

    replace_days = {change.entry_id: change.days for change in changes if change.days is not None}
    replace_progress = {change.entry_id: change.goal_progress for change in changes if change.goal_progress is not None}
    # Days kept as they are still get their amounts recomputed (a rate decision may have come since).
    kept_days: dict[int, list[AttendanceDay]] = defaultdict(list)
    for day in AttendanceDay.objects.filter(entry_id__in=[i for i in ids if i not in replace_days]):
        kept_days[day.entry_id].append(day)
    if replace_days:
        AttendanceDay.objects.filter(entry_id__in=list(replace_days)).delete()
    if replace_progress:
        GoalProgress.objects.filter(entry_id__in=list(replace_progress)).delete()

    new_days: list[tuple[Any, ...]] = []
    changed_days: list[AttendanceDay] = []
    new_progress: list[tuple[int, int, int, str]] = []
    clean_errors: dict[int, ValidationError] = {}
    # A month's file repeats the same few (day, status, hours) many times over: each amount is worked out once.
    amounts: dict[tuple[datetime.date, str, Decimal, bool], Decimal] = {}

    def amount_of(day: datetime.date, status: str, hours: Decimal, earns: bool) -> Decimal:
        key = (day, status, hours, earns)
        amount = amounts.get(key)
        if amount is None:
            amount = amounts[key] = day_amount(status=status, hours=hours, day=day, earns_work_share=earns, rates=rates)
        return amount

    for change in changes:
        entry = entries[change.entry_id]
        line_id, order_starts_on = order_of[entry.service_order_id]
        earns = earns_on_line[line_id]
        for name, value in change.fields.items():
            setattr(entry, name, value)
        total = ZERO
        present_hours: list[Decimal] = []
        if change.entry_id in replace_days:
            for item in replace_days[change.entry_id] or ():
                amount = amount_of(item.date, item.status, item.hours, earns)
                total += amount
                new_days.append((entry.pk, item.date, item.status, item.hours, amount))
                if item.status == AttendanceStatus.PRESENT:
                    present_hours.append(item.hours)
        else:
            for day in kept_days.get(change.entry_id, []):
                amount = amount_of(day.date, day.status, day.hours, earns)
                total += amount
                if day.work_share_amount != amount:
                    day.work_share_amount = amount
                    changed_days.append(day)
                if day.status == AttendanceStatus.PRESENT:
                    present_hours.append(day.hours)
        entry.present_days = len(present_hours)
        entry.least_present_hours = min(present_hours) if present_hours else None
        if change.entry_id in replace_progress:
            levels = replace_progress[change.entry_id] or ()
            for progress in levels:
                new_progress.append((entry.pk, progress.goal_id, progress.level, progress.narrative))
            entry.t_score = gas_t_score((progress.level, weights[progress.goal_id]) for progress in levels)
        entry.work_share_amount = total
        priced_on = price_date(order_starts_on=order_starts_on, month_first_day=period.first_day)
        entry.cost = entry_cost(entry.units_delivered, price_in_force(prices[line_id], priced_on))
        entry.version += 1
        try:
            # The fields this change sets or computes; the others are as stored.
            entry.clean_fields(exclude=[name for name in _UNCHANGED_FIELDS if name not in change.fields])
        except ValidationError as exc:
            clean_errors[change.entry_id] = exc
    if clean_errors:
        raise EntriesInvalid(clean_errors)
    _write_rows(new_days, changed_days, new_progress, [entries[entry_id] for entry_id in ids])
    return [entries[entry_id] for entry_id in ids]


def _write_rows(
    new_days: list[tuple[Any, ...]],
    changed_days: list[AttendanceDay],
    new_progress: list[tuple[int, int, int, str]],
    entries: list[ReportEntry],
) -> None:
    """Write a batch of entry changes with plain parameterised executemany statements.

    Django's bulk_update builds one CASE expression per row and field, and bulk_create a model instance per
    row; for a whole month's workbook (40,000 days) those cost seconds. The rows were already checked above
    (clean_fields and the input checks), and the table's own constraints still apply.
    """
    day_table = AttendanceDay._meta.db_table
    progress_table = GoalProgress._meta.db_table
    entry_table = ReportEntry._meta.db_table
    # Looked up once: `connection` is a proxy that finds the thread's connection on every attribute.
    ops = connection.ops
    adapt, adapt_date = ops.adapt_decimalfield_value, ops.adapt_datefield_value
    with connection.cursor() as cursor:
        if new_days:
            cursor.executemany(
                f"INSERT INTO {day_table} (entry_id, date, status, hours, work_share_amount) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (entry_id, adapt_date(date), status, adapt(hours), adapt(amount))
                    for entry_id, date, status, hours, amount in new_days
                ],
            )
        if changed_days:
            cursor.executemany(
                f"UPDATE {day_table} SET work_share_amount = %s WHERE id = %s",  # noqa: S608
                [(adapt(day.work_share_amount), day.pk) for day in changed_days],
            )
        if new_progress:
            cursor.executemany(
                f"INSERT INTO {progress_table} (entry_id, goal_id, level, narrative) VALUES (%s, %s, %s, %s)",  # noqa: S608
                new_progress,
            )
        cursor.executemany(
            f"UPDATE {entry_table} SET units_delivered = %s, work_share_paid = %s, notes = %s, "  # noqa: S608
            "warning_reason = %s, cost = %s, work_share_amount = %s, present_days = %s, least_present_hours = %s, "
            "t_score = %s, version = %s WHERE id = %s",
            [
                (
                    adapt(entry.units_delivered),
                    None if entry.work_share_paid is None else adapt(entry.work_share_paid),
                    entry.notes,
                    entry.warning_reason,
                    adapt(entry.cost),
                    adapt(entry.work_share_amount),
                    entry.present_days,
                    None if entry.least_present_hours is None else adapt(entry.least_present_hours),
                    entry.t_score,
                    entry.version,
                    entry.pk,
                )
                for entry in entries
            ],
        )


def report_entry_update(
    *,
    user: Any,
    entry: ReportEntry,
    version: int,
    days: Iterable[DayInput] | None = None,
    goal_progress: Iterable[ProgressInput] | None = None,
    **fields: Any,
) -> ReportEntry:
    """Change one entry (all or nothing): the one-entry case of report_entries_update."""
    change = EntryChange(
        entry_id=entry.pk,
        version=version,
        days=None if days is None else list(days),
        goal_progress=None if goal_progress is None else list(goal_progress),
        fields=fields,
    )
    try:
        (updated,) = report_entries_update(user=user, report=entry.report, changes=[change])
    except EntriesInvalid as exc:
        raise exc.per_entry[entry.pk] from None
    return updated


_REPORT_FIELDS = ("invoice_number", "invoice_total", "warning_reason")


@transaction.atomic
def report_update(*, user: Any, report: Report, version: int, **fields: Any) -> Report:
    actor = actor_for(user)
    locked = _lock(report)
    # Who may and whether it can come before the version: an outsider learns nothing from a 409.
    require_provider_member(actor, locked.provider_id)
    require_report_editable(locked)
    _require_version(locked, version)
    unknown = set(fields) - set(_REPORT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["provider", "contract", "created_by", "previous_revision"])
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields.keys(), "version"])
    locked.refresh_from_db()
    return locked


# Validation -----------------------------------------------------------------------------------------------


def report_totals(report: Report) -> dict[str, Decimal]:
    entries = ReportEntry.objects.filter(report=report).values_list("cost", "work_share_amount")
    cost = sum((row[0] for row in entries), ZERO)
    work_share = sum((row[1] for row in entries), ZERO)
    return {"cost": cost, "work_share": work_share}


@transaction.atomic
def report_validate(*, user: Any, report: Report, today: datetime.date | None = None) -> list[FindingData]:
    """Run every rule and keep the findings with the report (they are shown next to what they point at).

    Validating is the provider's step before submitting (docs §8): it replaces the stored findings, so only the
    provider's staff run it, on a report they can still correct. The city reads the findings kept at submission.
    """
    actor = actor_for(user)
    require_provider_member(actor, report.provider_id)
    require_report_state(report, ReportState.DRAFT, ReportState.RETURNED)
    findings = report_findings(report, today=today)
    if report.state in EDITABLE_STATES or report.state == ReportState.SUBMITTED:
        Finding.objects.filter(report=report).delete()
        Finding.objects.bulk_create(
            [
                Finding(
                    report=report,
                    entry_id=finding.entry_id,
                    code=finding.code,
                    severity=finding.severity,
                    date=finding.date,
                    field=finding.field,
                    params=_json_params(finding.params),
                )
                for finding in findings
            ]
        )
    return findings


def _json_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, (Decimal, datetime.date)) else value) for key, value in params.items()
    }


# Lifecycle ------------------------------------------------------------------------------------------------


def report_submit(*, user: Any, report: Report, today: datetime.date | None = None) -> Report:
    """Submit a draft or a corrected returned report: blocked by any error; each warning needs a reason.

    A refused submit keeps the findings its validation wrote (they show the provider what to correct), whichever
    path asked: the refusal is raised after the transaction that stored them has committed, not inside it.
    """
    with transaction.atomic():
        locked = _lock(report)
        refusal = _submit_refusal(user=user, report=locked, today=today)
        if refusal is None:
            return _submit(user=user, locked=locked)
    raise refusal


def _submit_refusal(*, user: Any, report: Report, today: datetime.date | None) -> ReportHasErrors | None:
    """Why the locked report cannot be submitted now, after validating it (which stores its findings)."""
    actor = actor_for(user)
    require_provider_member(actor, report.provider_id)
    require_report_state(report, ReportState.DRAFT, ReportState.RETURNED)
    findings = report_validate(user=user, report=report, today=today)
    errors = [finding for finding in findings if finding.severity == Severity.ERROR]
    if errors:
        return ReportHasErrors(
            _("The report has %(count)d errors; correct them before submitting.") % {"count": len(errors)},
            findings=errors,
        )
    reasons = dict(ReportEntry.objects.filter(report=report).values_list("pk", "warning_reason"))
    unexplained = [
        finding
        for finding in findings
        if finding.severity == Severity.WARNING
        and not (reasons.get(finding.entry_id, "") if finding.entry_id else report.warning_reason).strip()
    ]
    if unexplained:
        return ReportHasErrors(
            _("%(count)d warnings need a written reason before the report can be submitted.")
            % {"count": len(unexplained)},
            findings=unexplained,
            code="warnings_need_reason",
        )
    return None


def _submit(*, user: Any, locked: Report) -> Report:
    now = timezone.now()
    previous = locked.state
    locked.state = ReportState.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = now
    locked.submitted_late = timezone.localdate(now) > locked.deadline
    locked.version = F("version") + 1
    locked.save(update_fields=["state", "submitted_by", "submitted_at", "submitted_late", "version"])
    # What was sent, so that after a return the city sees what the provider changed (reporting.changes).
    _event(locked, user=user, from_state=previous, to_state=ReportState.SUBMITTED, snapshot=report_snapshot(locked))
    locked.refresh_from_db()
    return locked


@transaction.atomic
def report_return(
    *,
    user: Any,
    report: Report,
    comment: str,
    version: int,
    entry_comments: Mapping[int, str] | None = None,
) -> Report:
    """Send a submitted report back with what to fix, overall and per entry.

    `version` is the version the reviewer read: if the report was returned and sent again since, the reviewer
    has not seen what is there now and the return is refused (every caller passes it: the review page, the API).
    """
    actor = actor_for(user)
    require_reviewer(actor)
    locked = _lock(report)
    require_report_state(locked, ReportState.SUBMITTED)
    _require_version(locked, version)
    entry_comments = dict(entry_comments or {})
    if not comment.strip() and not any(text.strip() for text in entry_comments.values()):
        raise ValidationError({"comment": [_("Say what the provider must correct.")]})
    entries = {entry.pk: entry for entry in ReportEntry.objects.filter(report=locked, pk__in=entry_comments)}
    missing = sorted(set(entry_comments) - set(entries))
    if missing:
        raise ValidationError(
            {"entry_comments": [_("These entries are not in the report: %(ids)s.") % {"ids": missing}]}
        )
    comment_errors = {
        f"entry_comments[{entry_id}]": errors
        for entry_id, text in entry_comments.items()
        if (errors := text_errors(text.strip()))
    }
    if comment_errors:
        raise ValidationError(comment_errors)
    ReportEntry.objects.filter(report=locked).exclude(return_comment="").update(return_comment="")
    for entry_id, text in entry_comments.items():
        entry = entries[entry_id]
        entry.return_comment = text.strip()
        entry.save(update_fields=["return_comment"])
    locked.state = ReportState.RETURNED
    locked.returned_by = user
    locked.returned_at = timezone.now()
    locked.version = F("version") + 1
    locked.save(update_fields=["state", "returned_by", "returned_at", "version"])
    _event(locked, user=user, from_state=ReportState.SUBMITTED, to_state=ReportState.RETURNED, comment=comment)
    locked.refresh_from_db()
    # Only once the return is committed: a return that rolls back must not tell the provider anything.
    report_id = locked.pk
    # robust: a mail server that is down is logged, and does not turn the committed return into an error.
    transaction.on_commit(lambda: report_returned_notify(report_id=report_id), robust=True)
    return locked


@transaction.atomic
def report_approve(*, user: Any, report: Report, version: int, comment: str = "") -> Report:
    """Approve a submitted report; `version` must be the one the reviewer read (as in return)."""
    actor = actor_for(user)
    require_reviewer(actor)
    locked = _lock(report)
    require_report_state(locked, ReportState.SUBMITTED)
    _require_version(locked, version)
    locked.state = ReportState.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.version = F("version") + 1
    locked.save(update_fields=["state", "approved_by", "approved_at", "version"])
    _event(locked, user=user, from_state=ReportState.SUBMITTED, to_state=ReportState.APPROVED, comment=comment)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def report_reopen(*, user: Any, report: Report, comment: str) -> Report:
    """Correct an approved report: a new draft revision with the same content; the approved one is kept."""
    actor = actor_for(user)
    require_reviewer(actor)
    locked = _lock(report)
    require_report_state(locked, ReportState.APPROVED)
    if not locked.is_current:
        raise ConflictError(_("A newer revision of this report exists."), code="not_current")
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why the report is reopened.")]})
    Report.objects.filter(pk=locked.pk).update(is_current=False)
    revision = Report.objects.create(
        provider_id=locked.provider_id,
        contract_id=locked.contract_id,
        period=locked.period,
        revision=locked.revision + 1,
        previous_revision=locked,
        deadline=locked.deadline,
        invoice_number=locked.invoice_number,
        invoice_total=locked.invoice_total,
        warning_reason=locked.warning_reason,
        created_by=user,
    )
    for entry in ReportEntry.objects.filter(report=locked).prefetch_related("days", "goal_progress"):
        copy = ReportEntry.objects.create(
            report=revision,
            service_order_id=entry.service_order_id,
            units_delivered=entry.units_delivered,
            work_share_paid=entry.work_share_paid,
            notes=entry.notes,
            warning_reason=entry.warning_reason,
            cost=entry.cost,
            work_share_amount=entry.work_share_amount,
            present_days=entry.present_days,
            least_present_hours=entry.least_present_hours,
            t_score=entry.t_score,
        )
        AttendanceDay.objects.bulk_create(
            [
                AttendanceDay(
                    entry=copy,
                    date=day.date,
                    status=day.status,
                    hours=day.hours,
                    work_share_amount=day.work_share_amount,
                )
                for day in entry.days.all()
            ]
        )
        GoalProgress.objects.bulk_create(
            [
                GoalProgress(entry=copy, goal_id=item.goal_id, level=item.level, narrative=item.narrative)
                for item in entry.goal_progress.all()
            ]
        )
    _event(locked, user=user, from_state=ReportState.APPROVED, to_state=ReportState.APPROVED, comment=comment)
    _event(revision, user=user, from_state="", to_state=ReportState.DRAFT, comment=comment)
    return revision


__all__ = [
    "DayInput",
    "ProgressInput",
    "ReportHasErrors",
    "report_approve",
    "report_create",
    "report_entry_update",
    "report_reopen",
    "report_return",
    "report_submit",
    "report_totals",
    "report_update",
    "report_validate",
]


def report_access_record(
    *, user: Any, report: Report, entries: Iterable[ReportEntry], action: str, resource: str, object_ref: str = ""
) -> None:
    """Record that `user` saw (or changed) the clients of these entries (docs §11): the one access-log line every
    report page, API view and workbook download writes, the report itself as the object unless one is named."""
    client_access_record(
        user=user,
        client_ids=[entry.service_order.client_id for entry in entries],
        action=action,
        resource=resource,
        object_ref=object_ref or f"report:{report.pk}",
    )
