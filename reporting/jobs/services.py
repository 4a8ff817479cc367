"""Starting and running background jobs: one record the user follows, one code path inline or on a worker.

`job_start` records the job and hands it to Celery (inline when no broker is configured, so the embedded set-up
needs neither Redis nor a worker). `job_run` is what the worker (or the inline call) does: it marks the job
running, runs the job's kind (reporting/jobs/runners.py) and records done or failed.

Exactly once: the broker may deliver a job again (acks_late: a worker that dies mid-job gives it back). A job
already finished is not run again, and a job's result is committed in the same transaction that marks it done
(the payroll batch and the job's link to it), so a retry either finds the finished job or starts from nothing.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from reporting.jobs.models import Job, JobState
from reporting.jobs.permissions import require_may_start_job
from suppliers.access import actor_for

logger = logging.getLogger(__name__)

JOBS_DIRECTORY = "jobs"


@dataclass
class JobResult:
    """What a finished job leaves: a file to download, and/or a few figures to show."""

    content: bytes | None = None
    filename: str = ""
    content_type: str = ""
    client_ids: list[int] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[int], None]


def job_start(*, user: Any, kind: str, parameters: dict[str, Any]) -> Job:
    """Record a job for `user` and queue it. With no broker it has already run when this returns.

    `parameters` are what the kind's runner reads back (ids, months, names): never an identity code.
    """
    require_may_start_job(actor_for(user), kind, parameters)
    job = Job(
        kind=kind,
        created_by=user,
        parameters=parameters,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    job_enqueue(job=job)
    job.refresh_from_db()
    return job


def job_enqueue(*, job: Job) -> None:
    from reporting.jobs.tasks import job_run_task  # the task module imports this one

    if job_run_task.app.conf.task_always_eager:
        # Inline: run now, in this request, so the user lands on a finished job.
        job_run_task.apply(args=[job.pk])
    else:
        # A worker must see the committed row: send only once the transaction that made it has committed.
        transaction.on_commit(lambda: _send(job_run_task, job))


def _send(task: Any, job: Job) -> None:
    """Hand the job to the broker; a broker that cannot be reached fails the job with a reason, not the page."""
    try:
        task.apply_async(args=[job.pk])
    except Exception as exc:
        logger.error("job %s (%s) could not be queued: %s", job.pk, job.kind, type(exc).__name__)
        _job_failed(
            job,
            code="queue_unavailable",
            detail=_("The job could not be queued: the job service is not answering. Try again in a moment."),
        )


def job_run(*, job_id: int) -> None:
    """Run the job once, whoever calls: a job already finished (a redelivery) is left as it is."""
    from reporting.jobs.runners import RUNNERS

    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s does not exist; nothing to run", job_id)
        return
    # Every delivery counts, a redelivery of a finished job too: the record shows how often a worker took it.
    Job.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
    if job.is_finished:
        logger.info("job %s (%s) already %s; not run again", job.pk, job.kind, job.state)
        return
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now(), progress=0)

    def progress(percent: int) -> None:
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(progress=max(0, min(percent, 99)))

    with translation.override(job.language):
        try:
            RUNNERS[job.kind](job, progress)
        except (ValidationError, DomainError, PermissionDenied, Http404) as exc:
            code, detail = _refusal(exc)
            logger.info("job %s (%s) refused: %s", job.pk, job.kind, code)
            _job_failed(job, code=code, detail=detail)
        except Exception as exc:
            # The log gets the exception's type, never its message: messages can carry field values.
            logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
            _job_failed(job, code="unexpected", detail="")


def job_finish(*, job: Job, result: JobResult) -> None:
    """Store the result (a private file) and mark the job done. Inside the caller's transaction if any."""
    fields: dict[str, Any] = {
        "state": JobState.DONE,
        "progress": 100,
        "finished_at": timezone.now(),
        "summary": result.summary,
        "error_code": "",
        "error_detail": "",
    }
    if result.content is not None:
        directory = Path(settings.MEDIA_ROOT) / JOBS_DIRECTORY
        directory.mkdir(parents=True, exist_ok=True)
        stored = f"job-{job.pk}-{uuid.uuid4().hex[:12]}{Path(result.filename).suffix}"
        (directory / stored).write_bytes(result.content)
        fields |= {
            "result_file": stored,
            "result_name": result.filename,
            "result_content_type": result.content_type,
            "result_client_ids": sorted(set(result.client_ids)),
        }
        logger.info(
            "job %s (%s) wrote %s bytes, sha256 %s",
            job.pk,
            job.kind,
            len(result.content),
            hashlib.sha256(result.content).hexdigest()[:16],
        )
    Job.objects.filter(pk=job.pk).update(**fields)


def job_result_path(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / JOBS_DIRECTORY / job.result_file


def job_test_hold(point: str, job: Job) -> None:
    """Test-only: with JOBS_TEST_HOLD=`point:directory`, wait at `point` until `directory/release` exists,
    after writing `directory/reached-<job id>`, so a test can kill the worker at a known moment."""
    hold = getattr(settings, "JOBS_TEST_HOLD", "")
    if not hold:
        return
    wanted, _sep, directory = hold.partition(":")
    if wanted != point:
        return
    folder = Path(directory)
    (folder / f"reached-{job.pk}").touch()
    while not (folder / "release").exists():
        time.sleep(0.05)


def _job_failed(job: Job, *, code: str, detail: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, finished_at=timezone.now(), error_code=code[:40], error_detail=detail
    )


def _refusal(exc: Exception) -> tuple[str, str]:
    """A refusal the user can act on: its code and its message, already in the job's language."""
    if isinstance(exc, ValidationError):
        code = getattr(exc, "code", None) or "invalid"
        return str(code), " ".join(exc.messages)
    if isinstance(exc, DomainError):
        return str(exc.code), str(exc.detail)
    if isinstance(exc, Http404):
        return "not_found", _("What the job was asked to use no longer exists.")
    return "permission_denied", str(exc) or _("You may no longer do what this job does.")
