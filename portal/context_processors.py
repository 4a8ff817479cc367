from typing import Any

from django.http import HttpRequest

from contracts.permissions import may_create_orders
from reporting.payroll.permissions import may_make_payroll_batch
from reporting.permissions import may_follow_unit_budgets, may_monitor
from reporting.self_evaluations.permissions import may_read_self_evaluations
from suppliers.access import Actor, actor_for
from suppliers.permissions import may_administer_staff


class Menu:
    """What the layout offers the signed-in actor, asked of the apps' permission predicates (never of role
    names) when a template reads it: a page that shows no menu asks nothing."""

    def __init__(self, request: HttpRequest, actor: Actor) -> None:
        self._user = request.user
        self._actor = actor

    @property
    def monitor(self) -> bool:
        return may_monitor(self._actor)

    @property
    def read_self_evaluations(self) -> bool:
        return may_read_self_evaluations(self._actor)

    @property
    def make_payroll_batch(self) -> bool:
        return may_make_payroll_batch(self._actor)

    @property
    def follow_unit_budgets(self) -> bool:
        return may_follow_unit_budgets(self._actor)

    @property
    def administer_staff(self) -> bool:
        return may_administer_staff(self._actor)

    @property
    def create_orders(self) -> bool:
        return self._actor.is_authenticated and may_create_orders(self._user)


def roles(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request.user)
    return {"actor": actor, "may": Menu(request, actor)}
