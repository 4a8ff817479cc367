"""Applying an uploaded workbook, all or nothing, through the report services.

The order of work: the archive checks (`archive`), the hidden sheet that names the report, the layout and
formulas or merged cells (`sheets`), then every cell, each error with its `Sheet!A1` location (`reader`). Only a
file without errors is applied: under the report's lock, what the entries hold and their versions are read as
plain rows (three queries) and compared with what the file says (`compare`); every entry whose content differs
goes through `report_entries_update` (the API's code path, batched), in one transaction, then
`report_validate`. An entry that already holds what the file says is not touched, so the same file uploaded
twice changes nothing the second time (its findings are computed again, not stored: the rules also look past
the report, at today's date, rates and other reports).
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from contracts.models import Goal
from core.errors import DomainError
from reporting.excel.archive import UploadRefused, archive_check
from reporting.excel.compare import UploadConflict, compare_entries, raise_conflicts, stored_contents
from reporting.excel.layout import ATTENDANCE, ATTENDANCE_FIXED, GOALS, GOALS_COLUMNS, cell_ref
from reporting.excel.reader import CLIENT_COLUMN, CellError, EntryPlan, SheetReader
from reporting.excel.sheets import check_keys, check_report, sheet_rows, structure_errors, workbook_meta
from reporting.models import Report, ReportEntry
from reporting.permissions import require_may_edit_report
from reporting.services import EntriesInvalid, EntryChange, ProgressInput, report_entries_update, report_validate
from reporting.validation import FindingData
from reporting.validation.engine import report_findings
from suppliers.access import actor_for


@dataclass
class UploadResult:
    dry_run: bool
    applied: bool
    changed_entries: int
    unchanged_entries: int
    findings: list[FindingData]
    locate: Callable[[Any], str]


class UploadInvalid(UploadRefused):
    default_code = "upload_invalid"


def _goal_ids(report: Report) -> dict[int, set[int]]:
    """The goals of each order of the report (a goal row of the file must name one of its order's goals)."""
    goal_ids: dict[int, set[int]] = defaultdict(set)
    for order_id, goal_id in Goal.objects.filter(service_order__report_entries__report=report).values_list(
        "service_order_id", "pk"
    ):
        goal_ids[order_id].add(goal_id)
    return goal_ids


_SERVICE_KEY = re.compile(r"^(days|goal_progress)\[(\d+)\]")


def _service_errors(plan: EntryPlan, progress: list[ProgressInput], exc: ValidationError) -> list[CellError]:
    """The service's located errors (`days[3].hours`) as cells of the file."""
    errors = []
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, texts in messages.items():
        location = cell_ref(ATTENDANCE, CLIENT_COLUMN, plan.status_row)
        match = _SERVICE_KEY.match(key)
        if match and match.group(1) == "days" and int(match.group(2)) < len(plan.days):
            day = plan.days[int(match.group(2))].date
            location = cell_ref(ATTENDANCE, len(ATTENDANCE_FIXED) + day.day, plan.status_row)
        elif match and int(match.group(2)) < len(progress):
            location = plan.progress_cells.get(progress[int(match.group(2))].goal_id, location)
        elif key in ATTENDANCE_FIXED:
            location = cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index(key) + 1, plan.status_row)
        errors += [CellError(str(text), location, entry_id=plan.entry.pk) for text in texts]
    return errors


def _locator(plans: Mapping[int, EntryPlan], days: list[datetime.date]) -> Callable[[Any], str]:
    """Where a validation finding points in the file: the day's cell, the field's cell or the client's row."""
    first_day = len(ATTENDANCE_FIXED) + 1

    def locate(finding: Any) -> str:
        plan = plans.get(finding.entry_id) if finding.entry_id else None
        if plan is None:
            return ""
        params = finding.params if isinstance(finding.params, dict) else {}
        if finding.field == "goal_progress":
            goal_id = params.get("goal_id")
            return (plan.progress_cells.get(goal_id, "") if isinstance(goal_id, int) else "") or GOALS
        if finding.date is not None and finding.date in days:
            row = plan.hours_row if finding.field == "hours" and plan.hours_row else plan.status_row
            return cell_ref(ATTENDANCE, first_day + days.index(finding.date), row)
        if finding.field in ATTENDANCE_FIXED:
            return cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index(finding.field) + 1, plan.status_row)
        return cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index("client") + 1, plan.status_row)

    return locate


def _require_may_upload(user: Any, report: Report) -> None:
    # The services check this too, but an upload that changes nothing calls none of them.
    require_may_edit_report(actor_for(user), report)


def report_workbook_upload(
    *, user: Any, report: Report, entries: list[ReportEntry], data: bytes, dry_run: bool = False
) -> UploadResult:
    """Check the file, then apply it through `report_entries_update` and validate, all in one transaction.

    `entries` are the report's entries the user may see, with their orders' clients (the selector's; what the
    entries hold is read here, in a few queries of plain rows). Raises UploadRefused (the file as a whole) or
    UploadInvalid (cell errors, with locations); either way nothing changed. With dry_run the changes are made,
    validated and rolled back: a preview of the findings.
    """
    _require_may_upload(user, report)
    archive = archive_check(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = workbook_meta(book)
        check_report(meta, report)
        structure = structure_errors(archive, [ATTENDANCE, GOALS])
        if structure:
            first = structure[0]
            raise UploadRefused(
                _("%(problem)s (%(cell)s; %(count)d cells in all). Nothing was changed.")
                % {"problem": first.message.rstrip("."), "cell": first.location, "count": len(structure)},
                code=first.code,
                findings=[error.as_finding() for error in structure],
            )
        reader = SheetReader(
            report, {entry.pk: entry for entry in entries}, _goal_ids(report), str(meta.get("language", "fi"))
        )
        attendance = sheet_rows(book, ATTENDANCE)
        goals = sheet_rows(book, GOALS)
    except CalamineError as exc:
        raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
    check_keys(attendance, ATTENDANCE, reader.keys)
    check_keys(goals, GOALS, GOALS_COLUMNS)
    reader.attendance(attendance)
    reader.goals(goals)

    plans = reader.plans
    locate = _locator(plans, reader.days)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_may_upload(user, locked)
        # Compared under the report's lock (every entry edit takes it), so what is compared is what the
        # changes are applied to. Conflicts come before cell errors: either way the provider has to download
        # the workbook again, and fixing cells first would be work lost.
        stored, versions = stored_contents(locked)
        changed, conflicts = compare_entries(reader, stored, versions)
        raise_conflicts(conflicts)
        _raise_if(reader.errors)
        if changed:
            # One call for the whole file: the same service as the API's entry edit, in one batch, each change
            # made against the version the file was downloaded with (the one stored: the service checks again).
            try:
                report_entries_update(
                    user=user,
                    report=locked,
                    changes=[
                        EntryChange(
                            entry_id=plan.entry.pk,
                            version=version,
                            days=plan.days,
                            goal_progress=progress,
                            fields=plan.fields,
                        )
                        for plan, progress, version in changed
                    ],
                )
            except EntriesInvalid as exc:
                transaction.set_rollback(True)
                errors: list[CellError] = []
                for plan, progress, _version in changed:
                    if plan.entry.pk in exc.per_entry:
                        errors += _service_errors(plan, progress, exc.per_entry[plan.entry.pk])
                _raise_if(errors)
                raise
        # Nothing changed: the stored findings stay as they are (the second upload of a file writes nothing),
        # but they are computed again, since the rules also look past the report (today's date, other
        # providers' orders, rates, approved reports).
        findings = report_validate(user=user, report=locked) if changed else report_findings(locked)
        if dry_run:
            transaction.set_rollback(True)
    return UploadResult(
        dry_run=dry_run,
        applied=not dry_run and bool(changed),
        changed_entries=len(changed),
        unchanged_entries=len(plans) - len(changed),
        findings=findings,
        locate=locate,
    )


def _raise_if(errors: list[CellError]) -> None:
    if not errors:
        return
    first = errors[0]
    raise UploadInvalid(
        _("The workbook has %(count)d problems, the first at %(cell)s: %(message)s Nothing was changed.")
        % {"count": len(errors), "cell": first.location, "message": first.message},
        code="upload_invalid",
        findings=[error.as_finding() for error in errors],
    )


__all__ = ["DomainError", "UploadConflict", "UploadInvalid", "UploadRefused", "UploadResult", "report_workbook_upload"]
