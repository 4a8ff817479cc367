"""A background job the user can follow: what was asked, by whom, where it is, and what came out.

Imported by reporting/models.py so that Django finds it; it imports nothing of the rooms it runs (payroll,
monitoring, the workbook): those know the job, not the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    MONITORING_PDF = "monitoring_pdf", _("contract monitoring report (PDF)")
    PAYROLL_BATCH = "payroll_batch", _("payroll batch")
    REPORT_WORKBOOK = "report_workbook", _("report workbook (Excel)")
    REPORT_REMINDERS = "report_reminders", _("report reminders")


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


FINISHED_STATES = (JobState.DONE, JobState.FAILED)


class Job(models.Model):
    """One run of a long task. Parameters are ids, months and names, never an identity code; the result file
    (if any) is private, under MEDIA_ROOT/jobs/, and served only through the access-logged download."""

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    # Null only for the scheduler's own jobs (the daily reminders): no person asked for them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language the user asked in: the file and the failure reason are written in it.
    language = models.CharField(max_length=8, default="fi")
    state = models.CharField(_("state"), max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # How many times a worker took the job: more than one after a worker died and the broker gave it again.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # A failure: a code, and for a refusal the user can act on, its message in the job's language. Never a
    # stack trace; the log has the exception's type.
    error_code = models.CharField(max_length=40, blank=True)
    error_detail = models.TextField(blank=True)
    result_file = models.CharField(max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    # The clients the file names: each download logs an access to them (ids, never identity codes).
    result_client_ids = models.JSONField(default=list, blank=True)
    # One job makes at most one batch, and a batch is made by at most one job: a retried job finds its batch.
    payroll_batch = models.OneToOneField(
        "reporting.PayrollBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="job"
    )
    # What a job without a file reports (e.g. the reminders sent).
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_percent"),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_user_recent")]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.state}"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES
