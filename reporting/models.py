"""Monthly reports (docs §8): one provider, one contract, one calendar month, one entry per active order.

Also self-evaluations and payroll batches. One module past 500 lines, as Django expects an app's models.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, Goal, ServiceOrder
from core.period_fields import PeriodField
from core.periods import PERIOD_PATTERN, Period
from core.text import FreeTextField, NameField
from reporting.payroll_columns import DEFAULT_COLUMNS, validate_columns
from reporting.validation.severity import Severity
from suppliers.models import Provider


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


class Report(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="reports")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="reports")
    period = PeriodField(_("period"), help_text="YYYY-MM")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous_revision = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision"
    )
    state = models.CharField(_("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    # A correction makes a new revision current; the old one keeps its state (approved) and stays readable.
    is_current = models.BooleanField(_("current revision"), default=True)
    deadline = models.DateField(_("due date"))
    invoice_number = NameField(_("invoice number"), max_length=60, blank=True)
    invoice_total = models.DecimalField(
        _("invoice total (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    warning_reason = FreeTextField(_("reason for the report's warnings"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Set when a payroll batch has taken this revision's work-share money (paid or adjusted).
    payroll_batch = models.ForeignKey(
        "PayrollBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-period", "provider__name", "contract__number", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period", "revision"], name="report_one_per_revision"),
            # Exactly one current revision per contract and month.
            models.UniqueConstraint(
                fields=["contract", "period"], condition=Q(is_current=True), name="report_one_current_per_month"
            ),
            models.CheckConstraint(condition=Q(period__regex=PERIOD_PATTERN), name="report_period_format"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="report_revision_positive"),
            models.CheckConstraint(
                condition=Q(invoice_total__isnull=True) | Q(invoice_total__gte=0), name="report_invoice_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "period"], name="report_provider_period_idx"),
            models.Index(fields=["state", "submitted_at"], name="report_state_idx"),
            # The approved reports of a year (validation's unit budget): a range of periods within a state.
            models.Index(fields=["state", "period"], name="report_state_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.period} r{self.revision}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ReportEntry(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    service_order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="report_entries")
    units_delivered = models.DecimalField(_("units delivered"), max_digits=8, decimal_places=2, default=Decimal("0"))
    work_share_paid = models.DecimalField(
        _("work-share money paid (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    notes = FreeTextField(_("notes"), blank=True)
    # Computed by the services on every write (never entered): what the entry costs and what it pays out.
    cost = models.DecimalField(_("cost (EUR)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    work_share_amount = models.DecimalField(
        _("work-share money (EUR)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    # Computed by the services from the attendance days (never entered), so that a dashboard over a year of
    # national data reads entries instead of a million days: the present days and the fewest hours on one.
    present_days = models.PositiveSmallIntegerField(_("present days"), default=0, editable=False)
    least_present_hours = models.DecimalField(
        _("fewest hours on a present day"), max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    # The Kiresuk–Sherman T-score of the entry's GAS levels (reporting.gas.gas_t_score), computed by the
    # services when the levels are written, with the goals' weights then; None without goal progress.
    t_score = models.FloatField(_("GAS T-score"), null=True, blank=True, editable=False)
    warning_reason = FreeTextField(_("reason for warnings"), blank=True)
    return_comment = FreeTextField(_("city's comment"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "service_order"], name="entry_one_per_order"),
            models.CheckConstraint(condition=Q(units_delivered__gte=0), name="entry_units_not_negative"),
            models.CheckConstraint(
                condition=Q(work_share_paid__isnull=True) | Q(work_share_paid__gte=0), name="entry_paid_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} / {self.service_order.decision_number}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    SICK = "sick", _("sick")
    ABSENT = "absent", _("absent")
    OTHER = "other", _("other")


class AttendanceDay(models.Model):
    entry = models.ForeignKey(ReportEntry, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    hours = models.DecimalField(_("work hours"), max_digits=4, decimal_places=2, default=Decimal("0"))
    # hours × the rate in force that day, rounded half-up per row; computed by the services.
    work_share_amount = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        ordering = ["entry", "date"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "date"], name="attendance_one_per_day"),
            models.CheckConstraint(condition=Q(hours__gte=0, hours__lte=24), name="attendance_hours_range"),
            models.CheckConstraint(condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.status} {self.hours}"


class GoalProgress(models.Model):
    entry = models.ForeignKey(ReportEntry, on_delete=models.CASCADE, related_name="goal_progress")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    level = models.SmallIntegerField(_("GAS level"))
    narrative = FreeTextField(_("progress"), blank=True)

    class Meta:
        verbose_name = _("goal progress")
        verbose_name_plural = _("goal progress")
        ordering = ["entry", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "goal"], name="goal_progress_one_per_goal"),
            models.CheckConstraint(condition=Q(level__gte=-2, level__lte=2), name="goal_progress_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.level:+d}"


class ReportEvent(models.Model):
    """Every state change: who, when, from, to, with the comment (docs §8)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=12, choices=ReportState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ReportState.choices)
    comment = FreeTextField(blank=True)
    # On submissions: what the report held when it was sent (reporting.changes.report_snapshot), so that
    # after a return the city can see what the provider changed before sending it again.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_state}→{self.to_state}"


class Finding(models.Model):
    """The findings of the report's latest validation (replaced at each run)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="findings")
    entry = models.ForeignKey(ReportEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="findings")
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=12, choices=Severity.choices)
    date = models.DateField(null=True, blank=True)
    field = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["report", "entry", "date", "code"]

    def __str__(self) -> str:
        return f"{self.severity} {self.code}"


def report_deadline(contract: Contract, period: Period) -> datetime.date:
    return period.deadline(contract.report_due_day)


__all__ = [
    "AttendanceDay",
    "AttendanceStatus",
    "Finding",
    "GoalProgress",
    "Report",
    "ReportEntry",
    "ReportEvent",
    "ReportState",
    "report_deadline",
]


# Payroll (docs §7, §10) -----------------------------------------------------------------------------------


def default_payroll_columns() -> list[dict[str, str]]:
    return [dict(column) for column in DEFAULT_COLUMNS]


class PayrollFormat(models.Model):
    """Which columns a payroll system takes, in which order and under which headers.

    Finnish payroll systems share no import format, so this is data an administrator edits, not code.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    columns = models.JSONField(_("columns"), default=default_payroll_columns)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("payroll export format")
        verbose_name_plural = _("payroll export formats")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="payroll_one_default"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_columns(self.columns)


class PayrollBatch(models.Model):
    """Work-share money of approved reports, exported once. Never changes after it is made: its files are
    written at creation and their checksums kept."""

    period = PeriodField(_("period"))
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="payroll_batches"
    )
    payroll_format = models.ForeignKey(PayrollFormat, on_delete=models.PROTECT, related_name="batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField(default=0)
    total_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    xlsx_file = models.CharField(max_length=200, blank=True)
    csv_file = models.CharField(max_length=200, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    csv_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("payroll batch")
        verbose_name_plural = _("payroll batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period__regex=PERIOD_PATTERN), name="payroll_period_format"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.period}"


class PayrollLineKind(models.TextChoices):
    ORIGINAL = "original", _("payment")
    ADJUSTMENT = "adjustment", _("adjustment")


class PayrollLine(models.Model):
    """One attendance day's work-share money in a batch, or the change a correction made to it.

    The database guarantees that each day is paid once (one original per order and date) and that each
    report revision's day is exported once, even when two batches are made at the same moment.
    """

    batch = models.ForeignKey(PayrollBatch, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(max_length=12, choices=PayrollLineKind.choices)
    source_report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="payroll_lines")
    # Looked up by order (and day) through the unique (service_order, date, source_report) index below: a
    # separate index on the order would only slow the batch's insert (each index is written per line).
    service_order = models.ForeignKey(
        ServiceOrder, on_delete=models.PROTECT, related_name="payroll_lines", db_index=False
    )
    date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    rate = models.DecimalField(max_digits=6, decimal_places=2)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    # Most lines adjust nothing: the index holds only the adjustments (partial, below).
    adjusts = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="adjustments", db_index=False
    )

    class Meta:
        ordering = ["batch", "service_order", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_order", "date"],
                condition=Q(kind="original"),
                name="payroll_day_paid_once",
            ),
            models.UniqueConstraint(
                fields=["service_order", "date", "source_report"], name="payroll_revision_day_exported_once"
            ),
            models.CheckConstraint(
                condition=Q(kind="adjustment") | Q(amount__gte=0), name="payroll_original_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["adjusts"], condition=Q(adjusts__isnull=False), name="payroll_adjusts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.service_order_id} {self.date} {self.amount}"


# Provider self-evaluation (docs §10) ----------------------------------------------------------------------


class EvaluationPeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class SelfEvaluationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMMENTED = "commented", _("Commented by the city")


# The narrative sections, in the order of the regional evaluation reports the city already writes. All of
# them must be written before the evaluation is submitted.
SELF_EVALUATION_TEXT_FIELDS = (
    "objectives",
    "actions_taken",
    "what_worked",
    "why_it_worked",
    "what_did_not_work",
    "why_it_did_not",
    "practices_to_share",
)
NO_CLIENT_NAMES = _("Do not name clients or describe anyone so that they could be recognised.")


class SelfEvaluation(models.Model):
    """A provider's own account of a quarter or a year, on one contract or on all its contracts.

    It carries no client data: participants are counted, not named (the form says so).
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="self_evaluations")
    # Empty: the evaluation covers all of the provider's contracts.
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="self_evaluations"
    )
    kind = models.CharField(_("period"), max_length=8, choices=EvaluationPeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True, help_text=_("1–4"))
    objectives = FreeTextField(_("objectives"), blank=True)
    actions_taken = FreeTextField(_("actions taken"), blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    participants = FreeTextField(
        _("participants"),
        blank=True,
        help_text=_("Who took part, described as a group; clients are counted, never named."),
    )
    what_worked = FreeTextField(_("what worked"), blank=True)
    why_it_worked = FreeTextField(_("why it worked"), blank=True)
    what_did_not_work = FreeTextField(_("what did not work"), blank=True)
    why_it_did_not = FreeTextField(_("why it did not work"), blank=True)
    practices_to_share = FreeTextField(_("practices worth sharing"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=SelfEvaluationState.choices, default=SelfEvaluationState.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        ordering = ["-year", "-quarter", "provider__name", "contract__number", "id"]
        # One evaluation per provider, contract (or all contracts) and period. NULL never equals NULL in a
        # unique index, so each combination of an empty contract or quarter has its own partial constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "contract", "year", "quarter"],
                condition=Q(contract__isnull=False, quarter__isnull=False),
                name="self_evaluation_one_per_contract_quarter",
                violation_error_message=_("This contract already has a self-evaluation for this quarter."),
            ),
            models.UniqueConstraint(
                fields=["provider", "contract", "year"],
                condition=Q(contract__isnull=False, quarter__isnull=True),
                name="self_evaluation_one_per_contract_year",
                violation_error_message=_("This contract already has a self-evaluation for this year."),
            ),
            models.UniqueConstraint(
                fields=["provider", "year", "quarter"],
                condition=Q(contract__isnull=True, quarter__isnull=False),
                name="self_evaluation_one_per_provider_quarter",
                violation_error_message=_(
                    "Your self-evaluation of all contracts for this quarter already exists; open it instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["provider", "year"],
                condition=Q(contract__isnull=True, quarter__isnull=True),
                name="self_evaluation_one_per_provider_year",
                violation_error_message=_(
                    "Your self-evaluation of all contracts for this year already exists; open it instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="quarter", quarter__gte=1, quarter__lte=4) | Q(kind="year", quarter__isnull=True),
                name="self_evaluation_quarter_iff_quarterly",
                violation_error_message=_("A quarterly evaluation names its quarter (1–4); a yearly one none."),
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="self_evaluation_year_range"),
            models.CheckConstraint(
                condition=Q(state__in=SelfEvaluationState.values), name="self_evaluation_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["provider", "year"], name="self_evaluation_provider_idx")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.kind == EvaluationPeriodKind.QUARTER:
            return _("Q%(quarter)s/%(year)s") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)

    @property
    def months(self) -> tuple[Period, Period]:
        """The first and last month the evaluation covers."""
        if self.kind == EvaluationPeriodKind.QUARTER and self.quarter:
            first_month = (self.quarter - 1) * 3 + 1
            return Period(self.year, first_month), Period(self.year, first_month + 2)
        return Period(self.year, 1), Period(self.year, 12)

    @property
    def is_editable(self) -> bool:
        return self.state == SelfEvaluationState.DRAFT


class SelfEvaluationComment(models.Model):
    """The city's comment on a submitted self-evaluation; a list, so that the exchange stays readable."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = FreeTextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a self-evaluation")
        verbose_name_plural = _("comments on self-evaluations")
        ordering = ["evaluation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.at:%Y-%m-%d}"


class SelfEvaluationEvent(models.Model):
    """Every change of a self-evaluation: who, when, from and to which state."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=12, choices=SelfEvaluationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=SelfEvaluationState.choices)

    class Meta:
        ordering = ["evaluation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.from_state}→{self.to_state}"


# Background jobs live in their own room; imported here so that Django registers the model with this app.
from reporting.jobs.models import Job, JobKind, JobState  # noqa: E402, F401
