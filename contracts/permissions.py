"""Who may do what to service orders, their goals and quality of life, and employment paths (docs §2, §5, §6).

Named predicates over the actor (and, where a model permission decides, the user) and the object. The services
raise through the `require_*` helpers; the pages ask the same predicates which buttons to show. Which rows an
actor sees at all is the selectors' business (an unseen order is a 404 before any of this is asked). Role names
come from `suppliers.roles`; none is spelled here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from contracts.models import OPEN_PATH_STATES, EmploymentPath, EmploymentPathState, OrderingUnit, ServiceOrder
from suppliers.access import Actor, actor_for
from suppliers.permissions import is_provider_member
from suppliers.roles import Role

# City roles that follow every client's path, whichever unit ordered it.
PATH_OVERSEER_ROLES = frozenset({Role.ADMINISTRATOR, Role.CONTRACT_MONITOR})


# Ordering ---------------------------------------------------------------------------------------------------


def may_create_orders(user: Any) -> bool:
    """May open the new-order form: the city's people whose role may create orders."""
    return bool(user.has_perm("contracts.add_serviceorder")) and actor_for(user).is_city_user


def is_ordering_unit_member(actor: Actor, ordering_unit: OrderingUnit) -> bool:
    """Orders for the unit: its members; administrators for every unit."""
    if actor.is_superuser or actor.has_role(Role.ADMINISTRATOR):
        return True
    return ordering_unit.members.filter(pk=actor.id).exists()


def may_order(user: Any, ordering_unit: OrderingUnit, *, permission: str) -> bool:
    """May create or change an order, or its goals (`permission` names which), for this ordering unit."""
    return bool(user.has_perm(permission)) and is_ordering_unit_member(actor_for(user), ordering_unit)


def require_may_order(user: Any, ordering_unit: OrderingUnit, *, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not create or change service orders."))
    if not is_ordering_unit_member(actor_for(user), ordering_unit):
        raise PermissionDenied(_("You may order only for your own ordering unit."))


def may_set_goals(user: Any, order: ServiceOrder) -> bool:
    return may_order(user, order.ordering_unit, permission="contracts.add_goal")


def may_be_responsible_worker(actor: Actor) -> bool:
    """Who can be named an order's responsible worker: the city's social workers (and administrators)."""
    return actor.is_city_unit_worker or actor.is_superuser or actor.has_role(Role.ADMINISTRATOR)


# One order's people ---------------------------------------------------------------------------------------


def is_order_provider(actor: Actor, order: ServiceOrder) -> bool:
    """The staff of the order's provider."""
    return is_provider_member(actor, order.provider_id)


def is_order_city_worker(actor: Actor, order: ServiceOrder) -> bool:
    """The city's people who decide on a client's path: the order's own worker and unit, monitors, admins."""
    if actor.is_superuser or actor.has_role(*PATH_OVERSEER_ROLES):
        return True
    if not actor.is_city_unit_worker:
        return False
    return order.responsible_worker_id == actor.id or order.ordering_unit.members.filter(pk=actor.id).exists()


def may_assess(actor: Actor, order: ServiceOrder) -> bool:
    """May record the quality-of-life questionnaire or add a goal to the path: either side of the order."""
    return is_order_provider(actor, order) or is_order_city_worker(actor, order)


def require_order_provider(actor: Actor, order: ServiceOrder) -> None:
    if not is_order_provider(actor, order):
        raise PermissionDenied(_("Only the staff of the order's provider may do this."))


def require_order_city_worker(actor: Actor, order: ServiceOrder) -> None:
    if not is_order_city_worker(actor, order):
        raise PermissionDenied(_("Only the city's workers responsible for this client may do this."))


def require_may_assess(actor: Actor, order: ServiceOrder) -> None:
    if not may_assess(actor, order):
        raise PermissionDenied(_("Only the order's provider or the city's responsible workers may do this."))


# The employment path --------------------------------------------------------------------------------------


def employment_path_actions(actor: Actor, path: EmploymentPath) -> dict[str, bool]:
    """The buttons the path's page shows: who may act, and whether the path's state allows it now."""
    order = path.service_order
    is_provider = is_order_provider(actor, order)
    is_city = is_order_city_worker(actor, order)
    state = path.state
    return {
        "may_decide": is_city and state == EmploymentPathState.PROPOSED,
        "may_add_goal": (is_provider or is_city) and state in OPEN_PATH_STATES,
        "may_record_progress": is_provider and state == EmploymentPathState.ACTIVE,
        "may_upload": is_provider and state in (EmploymentPathState.ACTIVE, EmploymentPathState.CLOSED),
        "may_close": is_provider and state == EmploymentPathState.ACTIVE,
        "may_verify": is_city and state == EmploymentPathState.CLOSED,
    }
