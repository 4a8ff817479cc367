"""Who makes and reads payroll batches: the city's payroll clerks alone (docs §2, §10).

A batch holds full identity codes and account numbers, so the same rule scopes the list (selectors), guards
the writes (services) and the downloads, and decides whether the menu shows the payroll pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from suppliers.access import Actor
from suppliers.roles import Role


def may_make_payroll_batch(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_role(Role.PAYROLL_CLERK)


def require_payroll_clerk(actor: Actor) -> None:
    if not may_make_payroll_batch(actor):
        raise PermissionDenied(_("Only payroll clerks create and download payroll batches."))
