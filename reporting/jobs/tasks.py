"""The Celery tasks: thin wrappers over the services, found by portal/celery.py's autodiscovery.

acks_late and reject_on_worker_lost (also the defaults in settings): a job is acknowledged only after it ran, and
a worker killed mid-job hands it back to the broker, so another worker runs it again; `job_run` makes that safe.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from reporting.jobs.models import Job, JobKind
from reporting.jobs.services import job_run


@shared_task(name="reporting.jobs.tasks.job_run_task", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def job_run_task(job_id: int) -> None:
    job_run(job_id=job_id)


# Acknowledged early, unlike the jobs: a worker dying mid-run must not send the same e-mails twice; a missed
# day's reminders are the lesser harm (the late reminders come again after 7 days).
@shared_task(name="reporting.jobs.tasks.report_reminders_send", acks_late=False, ignore_result=True)
def report_reminders_send(days: int = 3) -> Any:
    """Celery beat, daily: the report reminders, recorded as a job of no one (the admin lists them)."""
    job = Job.objects.create(
        kind=JobKind.REPORT_REMINDERS,
        parameters={"today": timezone.localdate().isoformat(), "days": days},
    )
    job_run(job_id=job.pk)
    return job.pk
