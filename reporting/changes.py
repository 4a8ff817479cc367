"""What changed in a report since the city last saw it: a snapshot of its contents, and the diff of two.

A snapshot is compact JSON (kept on each submission event), keyed by service order, because the order is what
stays the same across revisions (a correction copies every entry under a new id) and across a return:

    {"invoice_total": "160.00",
     "entries": {"<service order id>": {"entry": 12, "decision": "SOS-1", "units": "2.00", "cost": "160.00",
                                        "work_share": "17.00", "days": {"2026-10-01": ["present", "4.50"]},
                                        "goals": {"<goal id>": 1}}}}

Two cases use it (docs §8): a report returned and sent again is the same revision, so what it held when it was
returned comes from the snapshot of that submission; a correction is a new revision, compared with the
previous revision's rows (approved, so they have not changed since).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from reporting.models import (
    AttendanceDay,
    AttendanceStatus,
    GoalProgress,
    Report,
    ReportEntry,
    ReportEvent,
    ReportState,
)

Snapshot = dict[str, Any]


class ChangeKind(StrEnum):
    ENTRY_ADDED = "entry_added"
    ENTRY_REMOVED = "entry_removed"
    UNITS = "units"
    DAY = "day"
    GOAL = "goal"
    COST = "cost"
    WORK_SHARE = "work_share"
    INVOICE_TOTAL = "invoice_total"


@dataclass(frozen=True)
class Change:
    """One difference. `subject` is the day (ISO date) or the goal id; `old`/`new` are None when absent.

    Entries are named by entry id and decision number only: a change list names no client.
    """

    kind: ChangeKind
    service_order_id: int | None = None
    entry_id: int | None = None
    decision_number: str = ""
    subject: str = ""
    old: Any = None
    new: Any = None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def snapshot_from_rows(
    *,
    invoice_total: Decimal | None,
    entries: Iterable[tuple[int, int, str, Decimal, Decimal, Decimal]],
    days: Iterable[tuple[int, datetime.date, str, Decimal]],
    goals: Iterable[tuple[int, int, int]],
) -> Snapshot:
    """The snapshot of flat rows: entries (id, order id, decision number, units, cost, work-share money),
    days (entry id, date, status, hours) and goal levels (entry id, goal id, level)."""
    by_entry: dict[int, dict[str, Any]] = {}
    result: dict[str, Any] = {}
    for entry_id, order_id, decision, units, cost, work_share in entries:
        item = {
            "entry": entry_id,
            "decision": decision,
            "units": _money(units),
            "cost": _money(cost),
            "work_share": _money(work_share),
            "days": {},
            "goals": {},
        }
        by_entry[entry_id] = item
        result[str(order_id)] = item
    for entry_id, date, status, hours in days:
        if entry_id in by_entry:
            by_entry[entry_id]["days"][date.isoformat()] = [status, _money(hours)]
    for entry_id, goal_id, level in goals:
        if entry_id in by_entry:
            by_entry[entry_id]["goals"][str(goal_id)] = level
    return {"invoice_total": _money(invoice_total), "entries": result}


def report_snapshot(report: Report) -> Snapshot:
    """What the report holds now, in three queries whatever its size."""
    return snapshot_from_rows(
        invoice_total=report.invoice_total,
        entries=ReportEntry.objects.filter(report_id=report.pk)
        .order_by()
        .values_list(
            "pk", "service_order_id", "service_order__decision_number", "units_delivered", "cost", "work_share_amount"
        ),
        days=AttendanceDay.objects.filter(entry__report_id=report.pk)
        .order_by()
        .values_list("entry_id", "date", "status", "hours"),
        goals=GoalProgress.objects.filter(entry__report_id=report.pk)
        .order_by()
        .values_list("entry_id", "goal_id", "level"),
    )


_KIND_ORDER = {kind: index for index, kind in enumerate(ChangeKind)}


def report_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every difference from `old` to `new`, entry by entry (in decision-number order), then the report's."""
    changes: list[Change] = []
    old_entries: dict[str, Any] = old.get("entries", {})
    new_entries: dict[str, Any] = new.get("entries", {})
    for key in sorted(
        old_entries.keys() | new_entries.keys(),
        key=lambda k: ((new_entries.get(k) or old_entries[k])["decision"], int(k)),
    ):
        before, after = old_entries.get(key), new_entries.get(key)
        shown = after or before
        assert shown is not None
        where = {"service_order_id": int(key), "entry_id": shown["entry"], "decision_number": shown["decision"]}
        if before is None or after is None:
            kind = ChangeKind.ENTRY_ADDED if before is None else ChangeKind.ENTRY_REMOVED
            changes.append(
                Change(
                    kind,
                    old=None if before is None else before["units"],
                    new=None if after is None else after["units"],
                    **where,
                )
            )
            continue
        entry_changes: list[Change] = []
        for kind, field in (
            (ChangeKind.UNITS, "units"),
            (ChangeKind.COST, "cost"),
            (ChangeKind.WORK_SHARE, "work_share"),
        ):
            if before[field] != after[field]:
                entry_changes.append(Change(kind, old=before[field], new=after[field], **where))
        for date in sorted(before["days"].keys() | after["days"].keys()):
            old_day, new_day = before["days"].get(date), after["days"].get(date)
            if old_day != new_day:
                entry_changes.append(
                    Change(
                        ChangeKind.DAY,
                        subject=date,
                        old=None if old_day is None else list(old_day),
                        new=None if new_day is None else list(new_day),
                        **where,
                    )
                )
        for goal in sorted(before["goals"].keys() | after["goals"].keys(), key=int):
            old_level, new_level = before["goals"].get(goal), after["goals"].get(goal)
            if old_level != new_level:
                entry_changes.append(Change(ChangeKind.GOAL, subject=goal, old=old_level, new=new_level, **where))
        changes.extend(sorted(entry_changes, key=lambda change: (_KIND_ORDER[change.kind], change.subject)))
    if old.get("invoice_total") != new.get("invoice_total"):
        changes.append(Change(ChangeKind.INVOICE_TOTAL, old=old.get("invoice_total"), new=new.get("invoice_total")))
    return changes


# Which content to compare with ---------------------------------------------------------------------------


class ChangeBasis(StrEnum):
    RETURNED_SUBMISSION = "returned_submission"  # what the report held when it was last returned
    PREVIOUS_REVISION = "previous_revision"  # the approved revision this correction replaces
    NONE = "none"  # a first revision never returned: nothing to compare with
    NOT_KEPT = "not_kept"  # returned before submissions kept their snapshot


@dataclass(frozen=True)
class ReportChanges:
    basis: ChangeBasis
    changes: list[Change]
    compared_report_id: int | None = None
    compared_revision: int | None = None
    # When the compared content was submitted.
    compared_submitted_at: datetime.datetime | None = None


def report_change_list(*, report: Report) -> ReportChanges:
    """What changed in `report` since the city last saw it, in at most eight queries whatever its size.

    After a return, compared with what was submitted just before the latest return (the same revision); else,
    for a correction, with the previous revision; else there is nothing to compare with.
    """
    returned = (
        ReportEvent.objects.filter(report_id=report.pk, to_state=ReportState.RETURNED)
        .order_by("-at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if returned is not None:
        submission = (
            ReportEvent.objects.filter(report_id=report.pk, to_state=ReportState.SUBMITTED, pk__lt=returned)
            .order_by("-pk")
            .values_list("snapshot", "at")
            .first()
        )
        snapshot, submitted_at = submission if submission is not None else (None, None)
        if snapshot is None:
            return ReportChanges(ChangeBasis.NOT_KEPT, [], report.pk, report.revision)
        return ReportChanges(
            ChangeBasis.RETURNED_SUBMISSION,
            report_changes(snapshot, report_snapshot(report)),
            report.pk,
            report.revision,
            submitted_at,
        )
    if report.previous_revision_id is not None:
        previous = Report.objects.only("pk", "revision", "invoice_total", "submitted_at").get(
            pk=report.previous_revision_id
        )
        return ReportChanges(
            ChangeBasis.PREVIOUS_REVISION,
            report_changes(report_snapshot(previous), report_snapshot(report)),
            previous.pk,
            previous.revision,
            previous.submitted_at,
        )
    return ReportChanges(ChangeBasis.NONE, [])


# Text -----------------------------------------------------------------------------------------------------


def _day_text(value: list[str] | None) -> str:
    if value is None:
        return _("nothing reported")
    status, hours = value
    label = str(AttendanceStatus(status).label) if status in AttendanceStatus.values else status
    return _("%(status)s, %(hours)s h") % {"status": label, "hours": hours}


def _level_text(level: int | None) -> str:
    return "–" if level is None else f"{level:+d}" if level else "0"


def change_text(change: Change) -> str:
    """The change as one sentence in the active language (the page and the API's `message`)."""
    dash = "–"
    if change.kind is ChangeKind.ENTRY_ADDED:
        return _("Entry added (units delivered %(units)s).") % {"units": change.new or dash}
    if change.kind is ChangeKind.ENTRY_REMOVED:
        return _("Entry removed (it had %(units)s units delivered).") % {"units": change.old or dash}
    if change.kind is ChangeKind.DAY:
        return _("%(date)s: %(old)s → %(new)s") % {
            "date": formats.date_format(datetime.date.fromisoformat(change.subject), "SHORT_DATE_FORMAT"),
            "old": _day_text(change.old),
            "new": _day_text(change.new),
        }
    if change.kind is ChangeKind.GOAL:
        return _("GAS level of goal %(goal)s: %(old)s → %(new)s") % {
            "goal": change.subject,
            "old": _level_text(change.old),
            "new": _level_text(change.new),
        }
    labels = {
        ChangeKind.UNITS: _("Units delivered"),
        ChangeKind.COST: _("Cost (EUR)"),
        ChangeKind.WORK_SHARE: _("Work-share money (EUR)"),
        ChangeKind.INVOICE_TOTAL: _("Invoice total (EUR)"),
    }
    return _("%(what)s: %(old)s → %(new)s") % {
        "what": labels[change.kind],
        "old": change.old or dash,
        "new": change.new or dash,
    }
