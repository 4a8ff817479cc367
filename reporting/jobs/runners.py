"""What each kind of job does, calling the same functions the synchronous pages and API call.

Each runner reads its parameters back, re-checks who may (the asker's rights may have changed while the job
waited), does the work and calls `job_finish`. A refusal raises as the services do; `job_run` records it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from core.periods import Period
from reporting.excel.template import XLSX_CONTENT_TYPE, template_filename, template_workbook
from reporting.jobs.models import Job, JobKind
from reporting.jobs.services import JobResult, Progress, job_finish, job_test_hold
from reporting.models import PayrollFormat
from reporting.monitoring.completeness.reminders import report_due_reminders, report_late_reminders
from reporting.monitoring.report.pdf import render_monitoring_pdf
from reporting.monitoring.report.views import PDF_TYPE, report_for
from reporting.payroll.services import payroll_batch_create
from reporting.permissions import require_monitor
from reporting.selectors import report_entry_list, report_list
from suppliers.access import actor_for
from suppliers.models import Provider


def _asker(job: Job) -> Any:
    if job.created_by is None:
        raise PermissionDenied("a job of no one cannot act for anyone")
    return job.created_by


def monitoring_pdf_run(job: Job, progress: Progress) -> None:
    actor = actor_for(_asker(job))
    require_monitor(actor)
    parameters = job.parameters
    cleaned = {
        "from": Period.parse(parameters["from"]),
        "to": Period.parse(parameters["to"]),
        "provider": parameters.get("provider"),
        "contract": parameters.get("contract"),
    }
    progress(10)
    report = report_for(actor=actor, cleaned=cleaned)
    progress(50)
    content = render_monitoring_pdf(report)
    progress(95)
    name = slugify(report.subject)[:60] or "all"
    job_finish(
        job=job,
        result=JobResult(
            content=content,
            filename=f"monitoring-{name}-{cleaned['from']}-{cleaned['to']}.pdf",
            content_type=PDF_TYPE,
            client_ids=list(report.client_ids),
        ),
    )


def payroll_batch_run(job: Job, progress: Progress) -> None:
    """The batch and the job's link to it commit together: a retry of this job finds its batch (one batch)."""
    parameters = job.parameters
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.payroll_batch_id is None:
            provider_id = parameters.get("provider")
            provider = get_object_or_404(Provider, pk=provider_id) if provider_id else None
            payroll_format = None
            if parameters.get("format"):
                payroll_format = get_object_or_404(PayrollFormat, name=parameters["format"])
            made = payroll_batch_create(
                user=_asker(job),
                period=Period.parse(parameters["period"]),
                provider=provider,
                payroll_format=payroll_format,
            )
            Job.objects.filter(pk=job.pk).update(payroll_batch=made)
        locked.refresh_from_db(fields=["payroll_batch"])
        batch = locked.payroll_batch
        if batch is None:  # cannot happen: made above or found
            raise PermissionDenied("no batch")
        job_finish(
            job=job,
            result=JobResult(summary={"batch": batch.pk, "lines": batch.line_count, "total": str(batch.total_amount)}),
        )
        job_test_hold("payroll_before_commit", job)
    job_test_hold("payroll_after_commit", job)


def report_workbook_run(job: Job, progress: Progress) -> None:
    actor = actor_for(_asker(job))
    report = get_object_or_404(report_list(actor=actor).select_related("contract"), pk=job.parameters["report"])
    progress(10)
    entries = list(report_entry_list(actor=actor, report=report))
    progress(40)
    content = template_workbook(report=report, entries=entries, language=job.language)
    job_finish(
        job=job,
        result=JobResult(
            content=content,
            filename=template_filename(report),
            content_type=XLSX_CONTENT_TYPE,
            client_ids=[entry.service_order.client_id for entry in entries],
        ),
    )


def report_reminders_run(job: Job, progress: Progress) -> None:
    today = datetime.date.fromisoformat(job.parameters["today"])
    days = int(job.parameters.get("days", 3))
    due = report_due_reminders(today=today, days=days)
    late = report_late_reminders(today=today)
    job_finish(job=job, result=JobResult(summary={"due": due, "late": late}))


RUNNERS: dict[str, Callable[[Job, Progress], None]] = {
    JobKind.MONITORING_PDF: monitoring_pdf_run,
    JobKind.PAYROLL_BATCH: payroll_batch_run,
    JobKind.REPORT_WORKBOOK: report_workbook_run,
    JobKind.REPORT_REMINDERS: report_reminders_run,
}
