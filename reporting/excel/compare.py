"""What the file says against what is stored: which entries the file changes, and which of those were changed
in the portal after the download.

Concurrent edits lose nothing: each entry's row records the version it was downloaded with and a fingerprint of
what the file showed (see `layout`). An entry the file still shows as downloaded is left as stored, even if it
was edited in the portal since; an entry the file changes is applied against the version it was downloaded
with, and if that is no longer the stored one (an edit in the portal after the download) the whole file is
refused (`UploadConflict`, 409) with each such entry named by its cell, rather than overwrite that edit.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.excel.archive import UploadRefused
from reporting.excel.layout import ATTENDANCE, cell_ref, entry_fingerprint
from reporting.excel.reader import CLIENT_COLUMN, CellError, EntryPlan, SheetReader, client_label
from reporting.models import GoalProgress, Report, ReportEntry
from reporting.selectors import report_day_rows
from reporting.services import ProgressInput


class UploadConflict(UploadRefused):
    """Entries the file changes were changed in the portal after the file was downloaded: applying the file
    would overwrite those edits. Nothing is applied; the provider downloads the workbook again."""

    status_code = 409
    default_code = "stale_version"


# What an entry holds, in a form that compares equal to what the file says: (units, paid, notes, days,
# progress), days as (date, status, hours) in date order and progress as (goal, level, narrative) by goal.
# Decimals compare by value, so 5 and 5.00 hours are the same.
Content = tuple[Decimal, Decimal | None, str, Sequence[tuple[datetime.date, str, Decimal]], list[tuple[int, int, str]]]


def stored_contents(report: Report) -> tuple[dict[int, Content], dict[int, int]]:
    """What the report's entries hold now and their versions, in three queries of plain rows (no model
    instance per day)."""
    days: dict[int, list[tuple[datetime.date, str, Decimal]]] = defaultdict(list)
    for entry_id, date, status, hours in report_day_rows(report_id=report.pk):
        days[entry_id].append((date, status, hours))
    progress: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for entry_id, goal_id, level, narrative in (
        GoalProgress.objects.filter(entry__report=report)
        .order_by("entry_id", "goal_id")
        .values_list("entry_id", "goal_id", "level", "narrative")
    ):
        progress[entry_id].append((goal_id, level, narrative))
    contents: dict[int, Content] = {}
    versions: dict[int, int] = {}
    for entry_id, units, paid, notes, version in ReportEntry.objects.filter(report=report).values_list(
        "pk", "units_delivered", "work_share_paid", "notes", "version"
    ):
        contents[entry_id] = (units, paid, notes, days.get(entry_id, []), progress.get(entry_id, []))
        versions[entry_id] = version
    return contents, versions


def _progress(plan: EntryPlan, stored: list[tuple[int, int, str]]) -> list[ProgressInput]:
    """The file's progress; goals without a row in the file (added after the download) keep theirs."""
    kept = [
        ProgressInput(goal_id, level, narrative) for goal_id, level, narrative in stored if goal_id not in plan.progress
    ]
    return sorted([*plan.progress.values(), *kept], key=lambda item: item.goal_id)


def _wanted(plan: EntryPlan, progress: list[ProgressInput]) -> Content:
    return (
        plan.fields["units_delivered"],
        plan.fields["work_share_paid"],
        plan.fields["notes"],
        plan.days,
        [(item.goal_id, item.level, item.narrative) for item in progress],
    )


def _file_fingerprint(plan: EntryPlan) -> str:
    """The fingerprint of what the file says the entry holds (the template recorded the one it wrote)."""
    return entry_fingerprint(
        units=plan.fields["units_delivered"],
        paid=plan.fields["work_share_paid"],
        notes=plan.fields["notes"],
        days=plan.days,
        progress=[(item.goal_id, item.level, item.narrative) for item in plan.progress.values()],
    )


# An entry the file changes: its plan, its goal progress as it will be stored, and the version changed.
Changed = list[tuple[EntryPlan, list[ProgressInput], int]]


def compare_entries(
    reader: SheetReader, stored: Mapping[int, Content], versions: Mapping[int, int]
) -> tuple[Changed, list[EntryPlan]]:
    """The entries the file changes, and those of them that were changed in the portal after the download.

    An entry whose file content equals what is stored needs nothing. One the file shows as it was downloaded
    (its fingerprint) was not changed by the provider: what is stored stays, even if it was edited in the portal
    meanwhile. One the provider changed is applied if it is still the version the file was made from; if it was
    changed in the portal since, applying the file would overwrite that edit, so it is a conflict. A version
    ahead of the stored one was never downloaded: the cell was changed by hand.
    """
    with_errors = {error.entry_id for error in reader.errors}
    changed: Changed = []
    conflicts: list[EntryPlan] = []
    for plan in reader.plans.values():
        if plan.downloaded is None:
            continue  # a cell error already
        version, fingerprint = plan.downloaded
        stored_version = versions.get(plan.entry.pk, version)  # an entry gone since: the service refuses it
        if version > stored_version:
            reader.version_error(plan)
            continue
        if plan.entry.pk in with_errors:
            # What the file says is not all readable, so it differs from what is stored (which is valid); a
            # conflict is named first, since the provider has to download the workbook again anyway.
            if version < stored_version:
                conflicts.append(plan)
            continue
        current = stored.get(plan.entry.pk)
        progress = _progress(plan, current[4] if current else [])
        if current == _wanted(plan, progress) or _file_fingerprint(plan) == fingerprint:
            continue
        if version < stored_version:
            conflicts.append(plan)
        else:
            changed.append((plan, progress, version))
    return changed, conflicts


def raise_conflicts(conflicts: list[EntryPlan]) -> None:
    if not conflicts:
        return
    errors = []
    for plan in conflicts:
        client = client_label(plan.entry)[0]
        errors.append(
            CellError(
                _(
                    "%(client)s (decision %(decision)s) was changed in the portal after this workbook was "
                    "downloaded. Download the workbook again and make your changes in it."
                )
                % {"client": client, "decision": plan.entry.service_order.decision_number},
                cell_ref(ATTENDANCE, CLIENT_COLUMN, plan.status_row),
                entry_id=plan.entry.pk,
                code="stale_version",
            )
        )
    raise UploadConflict(
        ngettext(
            "The workbook is out of date: %(count)d entry in it was changed in the portal after the download, at "
            "%(cell)s (%(client)s). Download the workbook again and make your changes in the new file. Nothing "
            "was changed.",
            "The workbook is out of date: %(count)d entries in it were changed in the portal after the download, "
            "the first at %(cell)s (%(client)s). Download the workbook again and make your changes in the new "
            "file. Nothing was changed.",
            len(conflicts),
        )
        % {"count": len(conflicts), "cell": errors[0].location, "client": client_label(conflicts[0].entry)[0]},
        code="stale_version",
        findings=[error.as_finding() for error in errors],
    )
