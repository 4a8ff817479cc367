"""Reads about the catalogue, contracts, service orders and clients, scoped to what the actor may see.

One selector per resource; every page and API view uses it, so scoping is decided in exactly one place.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    EmploymentPath,
    EmploymentPathGoal,
    EmploymentPathProgress,
    EvidenceFile,
    Goal,
    OrderingUnit,
    Product,
    QualityOfLifeAssessment,
    QualityOfLifeKind,
    ServiceOrder,
    ServiceOrderUserObjectPermission,
    WorkShareRate,
)
from core.periods import Period
from suppliers.access import Actor, provider_visibility_cutoff
from suppliers.models import Client


def product_list(*, actor: Actor) -> QuerySet[Product]:
    """The catalogue is the same for everyone signed in: it is what the city tendered."""
    if not actor.is_authenticated:
        return Product.objects.none()
    return Product.objects.select_related("procurement")


def ordering_unit_list(*, actor: Actor) -> QuerySet[OrderingUnit]:
    if not actor.is_authenticated:
        return OrderingUnit.objects.none()
    return OrderingUnit.objects.all()


def work_share_rate_list(*, actor: Actor) -> QuerySet[WorkShareRate]:
    if not actor.is_authenticated:
        return WorkShareRate.objects.none()
    return WorkShareRate.objects.all()


def contract_list(*, actor: Actor) -> QuerySet[Contract]:
    queryset = Contract.objects.select_related("provider", "procurement").prefetch_related(
        Prefetch(
            "lines",
            queryset=ContractLine.objects.select_related("product").prefetch_related(
                Prefetch("prices", queryset=ContractLinePrice.objects.order_by("valid_from"))
            ),
        )
    )
    if actor.sees_all_providers:
        return queryset
    if actor.provider_ids:
        return queryset.filter(provider_id__in=actor.provider_ids)
    return queryset.none()


def contract_line_list(*, actor: Actor) -> QuerySet[ContractLine]:
    queryset = ContractLine.objects.select_related("contract__provider", "product")
    if actor.sees_all_providers:
        return queryset
    if actor.provider_ids:
        return queryset.filter(contract__provider_id__in=actor.provider_ids)
    return queryset.none()


def _service_order_scope(*, actor: Actor, today: datetime.date) -> Q | None:
    """The rows of ServiceOrder the actor may see, as one condition (None: all of them)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.sees_all_clients:
        return None
    granted = Exists(
        ServiceOrderUserObjectPermission.objects.filter(
            content_object_id=OuterRef("pk"),
            user_id=actor.id,
            permission__codename="view_serviceorder",
        )
    )
    scope = Q(granted)
    if actor.is_city_unit_worker:
        unit_ids = OrderingUnit.members.through.objects.filter(user_id=actor.id).values("orderingunit_id")
        scope |= Q(responsible_worker_id=actor.id) | Q(ordering_unit_id__in=unit_ids)
    if actor.is_provider_user:
        scope |= Q(provider_id__in=actor.provider_ids, ends_on__gte=provider_visibility_cutoff(today))
    return scope


def service_order_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[ServiceOrder]:
    """Orders the actor may see, with everything a list or detail shows already joined or prefetched.

    Providers see their orders while active and until the last month's report is due; social workers
    their own clients' and their units' orders; monitors, payroll and administrators all orders.
    """
    today = today or timezone.localdate()
    queryset = ServiceOrder.objects.select_related(
        "client",
        "ordering_unit",
        "provider",
        "contract_line__product",
        "contract_line__contract",
        "responsible_worker",
    ).prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("id")))
    scope = _service_order_scope(actor=actor, today=today)
    return queryset if scope is None else queryset.filter(scope)


def service_order_filter_period(queryset: QuerySet[ServiceOrder], period: Period) -> QuerySet[ServiceOrder]:
    """Orders active on at least one day of the month."""
    return queryset.filter(starts_on__lte=period.last_day, ends_on__gte=period.first_day)


def client_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[Client]:
    """Clients the actor may see: a provider only through an order it may see (docs §2)."""
    today = today or timezone.localdate()
    queryset = Client.objects.all()
    scope = _service_order_scope(actor=actor, today=today)
    if scope is None:
        return queryset
    visible_orders = ServiceOrder.objects.filter(scope, client_id=OuterRef("pk"))
    return queryset.filter(Exists(visible_orders))


def goal_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[Goal]:
    today = today or timezone.localdate()
    queryset = Goal.objects.select_related("service_order__client")
    scope = _service_order_scope(actor=actor, today=today)
    if scope is None:
        return queryset
    return queryset.filter(Exists(ServiceOrder.objects.filter(scope, pk=OuterRef("service_order_id"))))


def _visible_through_order(actor: Actor, today: datetime.date, order_field: str) -> Q | None:
    """A condition on a row that points at a service order: the actor may see that order (None: all)."""
    scope = _service_order_scope(actor=actor, today=today)
    if scope is None:
        return None
    return Q(Exists(ServiceOrder.objects.filter(scope, pk=OuterRef(order_field))))


def quality_of_life_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[QualityOfLifeAssessment]:
    queryset = QualityOfLifeAssessment.objects.select_related("service_order")
    condition = _visible_through_order(actor, today or timezone.localdate(), "service_order_id")
    return queryset if condition is None else queryset.filter(condition)


def employment_path_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[EmploymentPath]:
    """Paths of the orders the actor may see, with their goals, monthly notes and evidence prefetched."""
    queryset = EmploymentPath.objects.select_related(
        "service_order__client",
        "service_order__provider",
        "service_order__contract_line__product",
        "service_order__ordering_unit",
        "proposed_by",
        "decided_by",
        "closed_by",
        "verified_by",
    ).prefetch_related(
        Prefetch("goals", queryset=EmploymentPathGoal.objects.order_by("id")),
        Prefetch("progress", queryset=EmploymentPathProgress.objects.order_by("period")),
        Prefetch("evidence", queryset=EvidenceFile.objects.order_by("uploaded_at", "id")),
    )
    condition = _visible_through_order(actor, today or timezone.localdate(), "service_order_id")
    return queryset if condition is None else queryset.filter(condition)


def evidence_file_list(*, actor: Actor, today: datetime.date | None = None) -> QuerySet[EvidenceFile]:
    """Evidence of the paths whose orders the actor may see: another provider's evidence does not exist."""
    queryset = EvidenceFile.objects.select_related("path__service_order")
    condition = _visible_through_order(actor, today or timezone.localdate(), "path__service_order_id")
    return queryset if condition is None else queryset.filter(condition)


def quality_of_life_summary(assessments: list[QualityOfLifeAssessment]) -> dict[str, Any]:
    """The start and end assessments of one order and the change of the score (end − start)."""
    by_kind = {assessment.kind: assessment for assessment in assessments}
    start, end = by_kind.get(QualityOfLifeKind.START), by_kind.get(QualityOfLifeKind.END)
    return {
        "start": start,
        "end": end,
        "change": end.score - start.score if start is not None and end is not None else None,
    }
