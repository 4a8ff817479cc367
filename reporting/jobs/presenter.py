"""A job as the reader sees it, in their language: its parameters by name and why it failed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from contracts.models import Contract
from reporting.jobs.models import Job, JobState
from suppliers.models import Provider


def job_error_text(job: Job) -> str:
    """The failure reason; an unexpected failure says only that (no stack trace reaches the user)."""
    if job.state != JobState.FAILED:
        return ""
    if job.error_code == "unexpected" or not job.error_detail:
        return _("The job failed unexpectedly. Try again; if it fails again, tell the portal's support.")
    return job.error_detail


def job_parameter_rows(job: Job) -> list[tuple[str, object]]:
    labels = {
        "from": _("From month"),
        "to": _("To month"),
        "period": _("Month"),
        "provider": _("Provider"),
        "contract": _("Contract"),
        "format": _("Format"),
        "report": _("Report"),
        "today": _("Date"),
        "days": _("Days before the deadline"),
    }
    names = {
        "provider": lambda pk: Provider.objects.filter(pk=pk).values_list("name", flat=True).first(),
        "contract": lambda pk: Contract.objects.filter(pk=pk).values_list("number", flat=True).first(),
    }
    rows: list[tuple[str, object]] = []
    for name, value in job.parameters.items():
        shown = names[name](value) if name in names and value else value
        rows.append((labels.get(name, name), shown if shown is not None else value))
    return rows
