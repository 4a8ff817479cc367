"""The user's background jobs: "my jobs", one job's page (it refreshes itself while the job runs, with a meta
refresh: no script, so the strict CSP holds) and the download of its file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reporting.jobs.downloads import job_file_response
from reporting.jobs.inputs import monitoring_pdf_parameters, report_workbook_parameters
from reporting.jobs.models import Job, JobKind
from reporting.jobs.permissions import may_see_job
from reporting.jobs.presenter import job_error_text, job_parameter_rows
from reporting.jobs.selectors import job_list
from reporting.jobs.services import job_start
from reporting.monitoring.report.forms import MonitoringReportForm, with_defaults
from reporting.permissions import require_monitor
from suppliers.access import actor_for

# Seconds between refreshes of an unfinished job's page.
REFRESH_SECONDS = 2


def _job(request: HttpRequest, pk: int) -> Job:
    actor = actor_for(request.user)
    job = get_object_or_404(job_list(actor=actor), pk=pk)
    if not may_see_job(actor, job):
        raise Http404("no such job")
    return job


@login_required
def job_list_page(request: HttpRequest) -> HttpResponse:
    jobs = job_list(actor=actor_for(request.user))[:100]
    return render(request, "reporting/jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = {
        "job": job,
        "refresh_seconds": None if job.is_finished else REFRESH_SECONDS,
        "parameters": job_parameter_rows(job),
        "error": job_error_text(job),
    }
    return render(request, "reporting/jobs/job_detail.html", context)


@login_required
def job_download_page(request: HttpRequest, pk: int) -> FileResponse:
    return job_file_response(user=request.user, job=_job(request, pk), resource="page:job-download")


@login_required
@require_POST
def monitoring_pdf_job_start_page(request: HttpRequest) -> HttpResponse:
    """The monitoring report page's button: the PDF is made by a job, followed on the job's page."""
    require_monitor(actor_for(request.user))
    form = MonitoringReportForm(with_defaults(request.POST))
    if form.is_valid():
        try:
            parameters = monitoring_pdf_parameters(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            job = job_start(user=request.user, kind=JobKind.MONITORING_PDF, parameters=parameters)
            return redirect("job-detail", pk=job.pk)
    return render(request, "reporting/monitoring/report.html", {"form": form}, status=400)


@login_required
@require_POST
def report_workbook_job_start_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The report page's "Download workbook": a large report's workbook is made by a job."""
    parameters = report_workbook_parameters(actor=actor_for(request.user), report_id=pk)
    job = job_start(user=request.user, kind=JobKind.REPORT_WORKBOOK, parameters=parameters)
    return redirect("job-detail", pk=job.pk)
