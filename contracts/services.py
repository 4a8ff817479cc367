"""Writes about contracts, service orders and goals. Views, API, importers and commands all call these."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from contracts.models import ContractLine, Goal, OrderingUnit, ServiceOrder
from portal.errors import ConflictError
from suppliers.access import actor_for
from suppliers.services import client_get_or_create

OVERLAP_CONSTRAINT = "service_order_no_overlap"
_ORDER_EDITABLE_FIELDS = ("starts_on", "ends_on", "planned_volume", "decision_number", "responsible_worker")


def _check_may_order(*, user: Any, ordering_unit: OrderingUnit, permission: str) -> None:
    actor = actor_for(user)
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not create or change service orders."))
    if actor.is_superuser or actor.has_role("administrator"):
        return
    if not ordering_unit.members.filter(pk=user.pk).exists():
        raise PermissionDenied(_("You may order only for your own ordering unit."))


def _check_order_facts(order: ServiceOrder) -> None:
    """Facts that need more than one row: the contract covers the order, and orders do not overlap."""
    contract = order.contract_line.contract
    errors: dict[str, list[str]] = {}
    if order.starts_on and order.ends_on:
        if not contract.covers(order.starts_on, order.ends_on):
            field = "starts_on" if order.starts_on < contract.starts_on else "ends_on"
            errors.setdefault(field, []).append(
                _("The order must lie within the contract's validity, %(start)s–%(end)s.")
                % {"start": contract.starts_on.isoformat(), "end": contract.ends_on.isoformat()}
            )
        overlapping = ServiceOrder.objects.filter(
            client_id=order.client_id,
            contract_line_id=order.contract_line_id,
            starts_on__lte=order.ends_on,
            ends_on__gte=order.starts_on,
        ).exclude(pk=order.pk)
        if overlapping.exists():
            errors.setdefault("starts_on", []).append(
                _("The client already has an order for this contract line that overlaps these dates.")
            )
    worker = actor_for(order.responsible_worker)
    if not (worker.is_city_unit_worker or worker.is_superuser or worker.has_role("administrator")):
        errors.setdefault("responsible_worker", []).append(
            _("The responsible worker must be one of the city's social workers.")
        )
    if errors:
        raise ValidationError(errors)


def _save_guarding_overlap(order: ServiceOrder, **save_kwargs: Any) -> None:
    try:
        with transaction.atomic():
            order.save(**save_kwargs)
    except IntegrityError as exc:
        # Two concurrent requests both passed the friendly check; the database constraint decided.
        if OVERLAP_CONSTRAINT in str(exc) or "conflicting key value violates exclusion" in str(exc):
            raise ValidationError(
                {"starts_on": [_("The client already has an order for this contract line that overlaps these dates.")]}
            ) from exc
        raise


@transaction.atomic
def service_order_create(
    *,
    user: Any,
    client_identity_code: str,
    client_first_name: str,
    client_last_name: str,
    ordering_unit: OrderingUnit,
    contract_line: ContractLine,
    starts_on: datetime.date,
    ends_on: datetime.date,
    planned_volume: Decimal,
    decision_number: str,
    responsible_worker: Any | None = None,
    client_language: str = "fi",
) -> ServiceOrder:
    _check_may_order(user=user, ordering_unit=ordering_unit, permission="contracts.add_serviceorder")
    try:
        client, _created = client_get_or_create(
            identity_code=client_identity_code,
            first_name=client_first_name,
            last_name=client_last_name,
            language=client_language,
        )
    except ValidationError as exc:
        raise ValidationError({"client_identity_code": exc.messages}) from exc
    order = ServiceOrder(
        client=client,
        ordering_unit=ordering_unit,
        contract_line=contract_line,
        provider_id=contract_line.contract.provider_id,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_volume=planned_volume,
        decision_number=decision_number.strip(),
        responsible_worker=responsible_worker or user,
        created_by=user,
    )
    order.full_clean()
    _check_order_facts(order)
    _save_guarding_overlap(order)
    return order


@transaction.atomic
def service_order_update(*, user: Any, order: ServiceOrder, version: int, **changes: Any) -> ServiceOrder:
    """Change an order if nobody else changed it since `version` was read; otherwise ConflictError (409)."""
    _check_may_order(user=user, ordering_unit=order.ordering_unit, permission="contracts.change_serviceorder")
    unknown = set(changes) - set(_ORDER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    locked = ServiceOrder.objects.select_for_update().select_related("contract_line__contract").get(pk=order.pk)
    if locked.version != version:
        raise ConflictError(
            _("Someone else changed this order after you opened it. Reload it and make your change again."),
            code="stale_version",
        )
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    _check_order_facts(locked)
    locked.version = F("version") + 1
    _save_guarding_overlap(locked, update_fields=[*changes.keys(), "version", "updated_at"])
    locked.refresh_from_db()
    return locked


@transaction.atomic
def goal_create(*, user: Any, order: ServiceOrder, **fields: Any) -> Goal:
    _check_may_order(user=user, ordering_unit=order.ordering_unit, permission="contracts.add_goal")
    goal = Goal(service_order=order, created_by=user, **fields)
    goal.full_clean()
    goal.save()
    return goal
