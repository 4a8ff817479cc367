"""The contracts app's models: the catalogue, contracts and their prices, service orders, goals, quality of life,
employment paths and their evidence. One module past 500 lines, as Django expects an app's models.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from core.period_fields import PeriodField
from core.periods import PERIOD_PATTERN
from core.text import FreeTextField, NameField
from suppliers.models import Client, Provider


class TranslatedName(models.Model):
    """Catalogue rows carry their own names in the three UI languages (they are data, not UI strings)."""

    name_fi = NameField(_("name (Finnish)"), max_length=200)
    name_sv = NameField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = NameField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi


class OrderingUnit(TranslatedName):
    """A city unit that may order purchased services (tilaaja) and holds a yearly budget."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    may_order_tendered = models.BooleanField(
        _("may order tendered services"),
        default=True,
        help_text=_("Units outside the procurement order at their own cost."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ordering_units", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("ordering unit")
        verbose_name_plural = _("ordering units")
        ordering = ["code"]


class UnitBudget(models.Model):
    ordering_unit = models.ForeignKey(OrderingUnit, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")
        ordering = ["ordering_unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["ordering_unit", "year"], name="unit_budget_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="unit_budget_amount_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="unit_budget_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.ordering_unit.code} {self.year}: {self.amount} EUR"


class Procurement(TranslatedName):
    """A tendered framework procurement (kilpailutus) and its period."""

    reference = models.SlugField(_("reference"), max_length=60, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="procurement_ends_after_start"),
        ]


class ProductCategory(models.TextChoices):
    SUPPORTED_HOUSING = "supported_housing", _("Supported housing")
    SERVICE_HOUSING = "service_housing", _("Service housing")
    CRISIS_ACCOMMODATION = "crisis_accommodation", _("Crisis accommodation")
    WORK_DAY_ACTIVITY = "work_day_activity", _("Work and day activities")
    HOME_SUPPORT = "home_support", _("Home-delivered support")


class ProductUnit(models.TextChoices):
    VISIT = "visit", _("visit")
    DAY = "day", _("day")
    NIGHT = "night", _("night")
    HOUR = "hour", _("hour")
    MONTH = "month", _("month")


class PurchaseKind(models.TextChoices):
    TENDERED = "tendered", _("Tendered (framework agreement)")
    SEPARATE_CONTRACT = "separate_contract", _("Separate contract")
    SEPARATE_PURCHASE = "separate_purchase", _("Separate purchase")


class Product(TranslatedName):
    """A service product: tendered in a procurement, or bought under a separate contract or purchase."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, null=True, blank=True, related_name="products"
    )
    category = models.CharField(_("category"), max_length=32, choices=ProductCategory.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=ProductUnit.choices)
    purchase_kind = models.CharField(_("purchase kind"), max_length=20, choices=PurchaseKind.choices)
    includes_social_rehabilitation = models.BooleanField(_("includes social rehabilitation"), default=False)
    earns_work_share = models.BooleanField(_("work activity earning work-share money"), default=False)
    is_youth = models.BooleanField(_("youth product"), default=False)
    is_housing = models.BooleanField(_("housing product"), default=False)
    max_daily_hours = models.DecimalField(
        _("maximum work hours per day"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    youth_age_limit = models.PositiveSmallIntegerField(_("youth age limit"), null=True, blank=True)
    employment_path_max_months = models.PositiveSmallIntegerField(
        _("maximum length of an employment path (months)"), default=6
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purchase_kind="tendered", procurement__isnull=False) | ~Q(purchase_kind="tendered"),
                name="product_tendered_has_procurement",
            ),
            models.CheckConstraint(
                condition=Q(max_daily_hours__isnull=True) | Q(max_daily_hours__gt=0, max_daily_hours__lte=24),
                name="product_max_daily_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(earns_work_share=False) | Q(max_daily_hours__isnull=False),
                name="product_work_share_has_daily_limit",
            ),
            models.CheckConstraint(
                condition=Q(is_youth=False) | Q(youth_age_limit__isnull=False),
                name="product_youth_has_age_limit",
            ),
            models.CheckConstraint(
                condition=Q(employment_path_max_months__gte=1, employment_path_max_months__lte=36),
                name="product_employment_path_max_months_range",
            ),
        ]


class Contract(models.Model):
    """A provider's contract: under a procurement's framework, or a separate contract or purchase."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts")
    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    number = NameField(_("contract number"), max_length=60, unique=True)
    title = NameField(_("title"), max_length=200)
    purchase_kind = models.CharField(_("purchase kind"), max_length=20, choices=PurchaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    report_due_day = models.PositiveSmallIntegerField(_("report due day of the next month"), default=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["provider__name", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1, report_due_day__lte=28), name="contract_due_day_range"
            ),
            models.CheckConstraint(
                condition=Q(purchase_kind="tendered", procurement__isnull=False) | ~Q(purchase_kind="tendered"),
                name="contract_tendered_has_procurement",
            ),
        ]
        indexes = [models.Index(fields=["provider", "ends_on"], name="contract_provider_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def covers(self, first: datetime.date, last: datetime.date) -> bool:
        return self.starts_on <= first and last <= self.ends_on


class ContractLine(models.Model):
    """A product on a contract's price list, with optional capacity (clients at once)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="contract_lines")
    capacity = models.PositiveIntegerField(_("capacity (clients at once)"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        ordering = ["contract", "product__code"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "product"], name="contract_line_one_per_product"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="contract_line_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.product.code}"


class DatedPrice(Protocol):
    @property
    def valid_from(self) -> datetime.date: ...

    @property
    def valid_to(self) -> datetime.date | None: ...

    @property
    def unit_price(self) -> Decimal: ...


def price_in_force(prices: Iterable[DatedPrice], day: datetime.date) -> Decimal | None:
    """The unit price valid on a day among a line's dated prices (model rows or plain rows alike)."""
    for price in prices:
        if price.valid_from <= day and (price.valid_to is None or day <= price.valid_to):
            return price.unit_price
    return None


class ContractLinePrice(models.Model):
    """A unit price valid over a dated period (prices are indexed, so a line has several)."""

    line = models.ForeignKey(ContractLine, on_delete=models.CASCADE, related_name="prices")
    unit_price = models.DecimalField(_("unit price (EUR)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit price")
        verbose_name_plural = _("unit prices")
        ordering = ["line", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="price_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="price_valid_to_after_from",
            ),
            models.UniqueConstraint(fields=["line", "valid_from"], name="price_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_price} EUR from {self.valid_from}"

    def clean(self) -> None:
        # The database refuses overlapping periods too (migration 0003); this gives the admin a message.
        if self.line_id is None or self.valid_from is None:
            return
        others = ContractLinePrice.objects.filter(line_id=self.line_id).exclude(pk=self.pk)
        if self.valid_to is not None:
            others = others.filter(valid_from__lte=self.valid_to)
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if others.exists():
            raise ValidationError(
                {"valid_from": _("Another price of this contract line is valid on some of these days.")}
            )


class ServiceOrder(models.Model):
    """The city's purchase decision (palvelupäätös / maksusitoumus) for one client on one contract line.

    `provider` repeats contract_line.contract.provider on purpose: provider scoping then filters one indexed
    column instead of joining through contracts, which keeps lists fast at millions of orders. The service
    that writes orders sets it; `clean()` checks it.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="service_orders")
    ordering_unit = models.ForeignKey(OrderingUnit, on_delete=models.PROTECT, related_name="service_orders")
    contract_line = models.ForeignKey(ContractLine, on_delete=models.PROTECT, related_name="service_orders")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="service_orders", editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    planned_volume = models.DecimalField(
        _("planned volume per month"),
        max_digits=8,
        decimal_places=2,
        help_text=_("In the product's unit: visits, days, nights, hours or months per month."),
    )
    decision_number = NameField(_("decision number"), max_length=60)
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_service_orders",
        verbose_name=_("responsible worker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_service_orders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="service_order_ends_after_start"),
            models.CheckConstraint(condition=Q(planned_volume__gte=0), name="service_order_volume_not_negative"),
            # "No two overlapping orders for the same client and contract line" is enforced by the database
            # too: an exclusion constraint on PostgreSQL and triggers on SQLite (migration 0002).
        ]
        indexes = [
            models.Index(fields=["provider", "ends_on", "starts_on"], name="order_provider_period_idx"),
            models.Index(fields=["ordering_unit", "ends_on"], name="order_unit_period_idx"),
            models.Index(fields=["responsible_worker", "ends_on"], name="order_worker_period_idx"),
            models.Index(fields=["client", "contract_line"], name="order_client_line_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.starts_on}–{self.ends_on})"

    def clean(self) -> None:
        # The check constraint refuses it too, but its message names no field; this one does.
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The order cannot end before it starts.")})
        if (
            self.contract_line_id is not None
            and self.provider_id is not None
            and self.contract_line.contract.provider_id != self.provider_id
        ):
            raise ValidationError({"contract_line": _("The contract line belongs to another provider.")})

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.starts_on <= last and first <= self.ends_on


class ServiceOrderUserObjectPermission(UserObjectPermissionBase):
    """Exceptions only: one named user granted one order (e.g. a reviewer brought into one case).

    A direct foreign key, not guardian's generic table, so that grants join by index.
    """

    content_object = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE)


class GoalArea(models.TextChoices):
    DAILY_LIVING = "daily_living", _("Daily-living skills")
    SUBSTANCE_FREE = "substance_free", _("Managing a substance-free daily life")
    EDUCATION_WORK = "education_work", _("Practising the skills that education or work requires")
    GROUP_FUNCTIONING = "group_functioning", _("Functioning in a group")


GOAL_INPUT_FIELDS = (
    "area",
    "description",
    "baseline",
    "level_minus_2",
    "level_minus_1",
    "level_0",
    "level_plus_1",
    "level_plus_2",
    "weight",
    "target_date",
)


class Goal(models.Model):
    """A goal set with the client and provider, scaled for Goal Attainment Scaling (−2…+2, 0 expected)."""

    service_order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("goal area"), max_length=32, choices=GoalArea.choices)
    description = FreeTextField(_("goal"))
    baseline = FreeTextField(_("starting point"))
    level_minus_2 = NameField(_("much less than expected (−2)"), max_length=500)
    level_minus_1 = NameField(_("less than expected (−1)"), max_length=500)
    level_0 = NameField(_("expected outcome (0)"), max_length=500)
    level_plus_1 = NameField(_("more than expected (+1)"), max_length=500)
    level_plus_2 = NameField(_("much more than expected (+2)"), max_length=500)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["service_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="goal_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.description[:60]}"


class QualityOfLifeKind(models.TextChoices):
    START = "start", _("At the start of the service")
    END = "end", _("At the end of the service")


QOL_ITEMS = 8
QOL_ITEM_FIELDS = tuple(f"item_{number}" for number in range(1, QOL_ITEMS + 1))


def _qol_item(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, help_text=_("1 (very poor) to 5 (very good)"))


class QualityOfLifeAssessment(models.Model):
    """The EUROHIS-QOL 8-item index (EuroHIS-8) at the start or the end of an order: eight items scored 1–5.

    The score is the sum of the items (8–40); the change is the end score minus the start score.
    """

    service_order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="quality_of_life")
    kind = models.CharField(_("when"), max_length=8, choices=QualityOfLifeKind.choices)
    assessed_on = models.DateField(_("assessed on"))
    item_1 = _qol_item(_("How would you rate your quality of life?"))
    item_2 = _qol_item(_("How satisfied are you with your health?"))
    item_3 = _qol_item(_("Do you have enough energy for everyday life?"))
    item_4 = _qol_item(_("Do you have enough money to meet your needs?"))
    item_5 = _qol_item(_("How satisfied are you with your ability to perform your daily living activities?"))
    item_6 = _qol_item(_("How satisfied are you with yourself?"))
    item_7 = _qol_item(_("How satisfied are you with your personal relationships?"))
    item_8 = _qol_item(_("How satisfied are you with the conditions of your living place?"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quality-of-life assessment")
        verbose_name_plural = _("quality-of-life assessments")
        ordering = ["service_order", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["service_order", "kind"], name="qol_one_per_order_and_kind"),
            models.CheckConstraint(condition=Q(kind__in=QualityOfLifeKind.values), name="qol_kind_valid"),
            *(
                models.CheckConstraint(condition=Q(**{f"{item}__gte": 1, f"{item}__lte": 5}), name=f"qol_{item}_range")
                for item in QOL_ITEM_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_order_id} {self.kind}: {self.score}"

    @property
    def items(self) -> list[int]:
        return [getattr(self, item) for item in QOL_ITEM_FIELDS]

    @property
    def score(self) -> int:
        return sum(self.items)


class EmploymentPathState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed, awaiting verification")
    VERIFIED = "verified", _("Verified")


OPEN_PATH_STATES = (EmploymentPathState.PROPOSED, EmploymentPathState.ACTIVE)


class EmploymentPathOutcome(models.TextChoices):
    OPEN_EMPLOYMENT = "open_employment", _("Open employment")
    STUDIES = "studies", _("Studies")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    WORK_TRIAL = "work_trial", _("Work trial")
    REHABILITATIVE_WORK = "rehabilitative_work", _("Rehabilitative work activity")
    BACK_TO_WORK_ACTIVITY = "back_to_work_activity", _("Back to work activity")
    INTERRUPTED = "interrupted", _("Interrupted")


class EmploymentPath(models.Model):
    """A fixed-term, goal-directed employment path (tavoitteellinen työllisyyspolku, docs §6).

    The provider proposes it with a justification of the client's strengths and successes; the city accepts
    (with a term no longer than the product's maximum) or declines; the provider closes it with an outcome
    and evidence; the city verifies the outcome.
    """

    service_order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="employment_paths")
    state = models.CharField(
        _("state"), max_length=12, choices=EmploymentPathState.choices, default=EmploymentPathState.PROPOSED
    )
    justification = FreeTextField(_("strengths and successes in the current service"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = FreeTextField(_("decision comment"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=EmploymentPathOutcome.choices, blank=True)
    outcome_description = FreeTextField(_("how the goals were reached"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_comment = FreeTextField(_("verification comment"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("employment path")
        verbose_name_plural = _("employment paths")
        ordering = ["service_order", "-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=EmploymentPathState.values), name="path_state_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="path_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "declined"]) | Q(starts_on__isnull=False, ends_on__isnull=False),
                name="path_accepted_has_term",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["closed", "verified"]) | ~Q(outcome=""), name="path_closed_has_outcome"
            ),
            # One path under way per order at a time.
            models.UniqueConstraint(
                fields=["service_order"], condition=Q(state__in=["proposed", "active"]), name="path_one_open_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_order_id}: {self.get_state_display()}"

    def clean(self) -> None:
        if not (self.justification or "").strip():
            raise ValidationError(
                {"justification": _("Describe the client's strengths and successes in the current service.")}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The path cannot end before it starts.")})


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def path_latest_end(starts_on: datetime.date, max_months: int) -> datetime.date:
    """The last day a path that starts on `starts_on` may run: max_months later, less one day."""
    return months_later(starts_on, max_months) - datetime.timedelta(days=1)


class EmploymentPathGoal(models.Model):
    """A goal of the path itself; whether it was reached is recorded when the path is closed."""

    path = models.ForeignKey(EmploymentPath, on_delete=models.CASCADE, related_name="goals")
    description = FreeTextField(_("goal"))
    achieved = models.BooleanField(_("achieved"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employment path goal")
        verbose_name_plural = _("employment path goals")
        ordering = ["path", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class EmploymentPathProgress(models.Model):
    """The provider's monthly note on how the path is going."""

    path = models.ForeignKey(EmploymentPath, on_delete=models.CASCADE, related_name="progress")
    period = PeriodField(_("month"), help_text="YYYY-MM")
    narrative = FreeTextField(_("progress"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employment path progress")
        verbose_name_plural = _("employment path progress")
        ordering = ["path", "period"]
        constraints = [
            models.UniqueConstraint(fields=["path", "period"], name="path_progress_one_per_month"),
            models.CheckConstraint(condition=Q(period__regex=PERIOD_PATTERN), name="path_progress_period_format"),
        ]

    def __str__(self) -> str:
        return f"{self.path_id} {self.period}"


class EvidenceFile(models.Model):
    """A PDF, PNG or JPEG that shows an employment path's goals were reached.

    Stored under MEDIA_ROOT/evidence/ with a random name (MEDIA_ROOT is private: no URL serves it); read only
    through the permission-checked, access-logged download view.
    """

    path = models.ForeignKey(EmploymentPath, on_delete=models.PROTECT, related_name="evidence")
    original_name = NameField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    description = NameField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["path", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="evidence_content_type_allowed",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name


class WorkShareRate(models.Model):
    """A dated decision on work-share money per work-activity hour (docs §7)."""

    amount_per_hour = models.DecimalField(_("EUR per hour"), max_digits=6, decimal_places=2)
    effective_from = models.DateField(_("effective from"), unique=True)
    decision_reference = NameField(_("decision"), max_length=200)

    class Meta:
        verbose_name = _("work-share rate")
        verbose_name_plural = _("work-share rates")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_per_hour__gte=0), name="work_share_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_per_hour} EUR/h from {self.effective_from}"
