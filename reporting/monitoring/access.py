"""Who may see the monitoring dashboards, and over which providers.

Contract monitors and administrators monitor every provider (SPEC §2). A lead social worker follows the
budget of their own ordering units (the money dashboard, scoped by unit there). Provider users see their
own provider's figures only where a page says so (the home page, their self-evaluations); the city's
dashboards are refused to them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from suppliers.access import Actor
from suppliers.roles import Role

MONITOR_ROLES = frozenset({Role.CONTRACT_MONITOR, Role.ADMINISTRATOR})


def may_monitor(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_role(*MONITOR_ROLES)


def require_monitor(actor: Actor) -> None:
    if not may_monitor(actor):
        raise PermissionDenied(_("Only contract monitors and administrators see the monitoring dashboards."))
