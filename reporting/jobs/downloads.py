"""A finished job's file, to its asker only: permission checked again and every client it names logged."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from reporting.jobs.models import Job, JobKind, JobState
from reporting.jobs.permissions import may_see_job
from reporting.jobs.services import job_result_path
from suppliers.access import actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record

# As the synchronous downloads log them: the PDF is an export of the monitoring report, the workbook a download
# of the report.
_ACCESS: dict[str, tuple[str, str]] = {
    JobKind.MONITORING_PDF: (AccessAction.EXPORT, "contract monitoring report"),
    JobKind.REPORT_WORKBOOK: (AccessAction.DOWNLOAD, ""),
}


def job_file_response(*, user: Any, job: Job, resource: str) -> FileResponse:
    if not may_see_job(actor_for(user), job) or job.state != JobState.DONE or not job.result_file:
        raise Http404("no such file")
    path = job_result_path(job)
    if not path.is_file():
        raise Http404("no such file")
    action, purpose = _ACCESS.get(job.kind, (AccessAction.DOWNLOAD, ""))
    object_ref = f"report:{job.parameters['report']}" if job.kind == JobKind.REPORT_WORKBOOK else f"job:{job.pk}"
    if job.result_client_ids:
        client_access_record(
            user=user,
            client_ids=job.result_client_ids,
            action=action,
            resource=resource,
            object_ref=object_ref,
            purpose=purpose,
        )
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
