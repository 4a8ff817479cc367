"""Who starts, follows and downloads a background job (docs §10, §11).

A job is its asker's alone, and only while they may still do what it did: a contract monitor who lost the role,
or a provider user who no longer sees the report, cannot fetch what a job made for them earlier. The rule is
checked again at every download, not only when the job starts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reporting.jobs.models import Job, JobKind
from reporting.payroll.permissions import may_make_payroll_batch
from reporting.permissions import may_monitor
from reporting.selectors import report_list
from suppliers.access import Actor


def may_start_job(actor: Actor, kind: str, parameters: dict[str, object]) -> bool:
    if not actor.is_authenticated:
        return False
    if kind == JobKind.MONITORING_PDF:
        return may_monitor(actor)
    if kind == JobKind.PAYROLL_BATCH:
        return may_make_payroll_batch(actor)
    if kind == JobKind.REPORT_WORKBOOK:
        report_id = parameters.get("report")
        return isinstance(report_id, int) and report_list(actor=actor).filter(pk=report_id).exists()
    # The reminders are the scheduler's: no person starts them through the portal.
    return False


def may_see_job(actor: Actor, job: Job) -> bool:
    """The asker, while the job's kind is still theirs to do."""
    if not actor.is_authenticated or job.created_by_id != actor.user_id:
        return False
    return may_start_job(actor, job.kind, job.parameters)


def require_may_start_job(actor: Actor, kind: str, parameters: dict[str, object]) -> None:
    if not may_start_job(actor, kind, parameters):
        raise PermissionDenied(_("You may not start this job."))
