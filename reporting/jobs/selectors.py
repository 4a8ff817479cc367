"""Reads of background jobs, scoped to their asker (another user's job is a 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from reporting.jobs.models import Job
from suppliers.access import Actor


def job_list(*, actor: Actor) -> QuerySet[Job]:
    """The actor's own jobs, newest first. Whether each may still be downloaded is `may_see_job`."""
    if not actor.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(created_by_id=actor.user_id).select_related("payroll_batch")
