"""What other apps add to the contracts pages, without contracts depending on them.

Dependencies point one way: reporting uses contracts and suppliers, never the reverse. Where a contracts page
shows something reporting computes (an order's goal attainment over the months), reporting registers a
provider of template context here when the apps are ready (`reporting.apps.ReportingConfig.ready`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from contracts.models import ServiceOrder
from suppliers.access import Actor

OrderDetailExtra = Callable[[Actor, ServiceOrder], Mapping[str, Any]]

_order_detail_extras: list[OrderDetailExtra] = []


def order_detail_extra_register(extra: OrderDetailExtra) -> None:
    """Add context to the service order page: `extra(actor, order)` returns template variables."""
    if extra not in _order_detail_extras:
        _order_detail_extras.append(extra)


def order_detail_extras(*, actor: Actor, order: ServiceOrder) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for extra in _order_detail_extras:
        context.update(extra(actor, order))
    return context
