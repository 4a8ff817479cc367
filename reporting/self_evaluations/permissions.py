"""Who writes, reads and comments on self-evaluations (docs §11): named predicates over the actor.

The provider's own staff write and submit; the city's contract monitors and administrators read the submitted
ones and comment. The services raise through the `require_*` helpers, the pages and the menu ask the predicates.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reporting.models import SelfEvaluation
from reporting.permissions import may_monitor
from suppliers.access import Actor
from suppliers.permissions import is_provider_member


def may_read_self_evaluations(actor: Actor) -> bool:
    """The pages are for the providers' staff (their own) and the city's monitors (the submitted ones)."""
    return actor.is_provider_user or may_monitor(actor)


def may_write_self_evaluations(actor: Actor) -> bool:
    """Writes its own providers' self-evaluations: provider staff (the form offers only their providers)."""
    return actor.is_provider_user


def may_write_self_evaluation(actor: Actor, provider_id: int) -> bool:
    return is_provider_member(actor, provider_id)


def may_edit_self_evaluation(actor: Actor, evaluation: SelfEvaluation) -> bool:
    return may_write_self_evaluation(actor, evaluation.provider_id) and evaluation.is_editable


def may_comment_self_evaluations(actor: Actor) -> bool:
    return may_monitor(actor)


def may_comment_self_evaluation(actor: Actor, evaluation: SelfEvaluation) -> bool:
    """A draft is the provider's work in progress: only a submitted one is commented on."""
    return may_comment_self_evaluations(actor) and not evaluation.is_editable


def require_self_evaluation_reader(actor: Actor) -> None:
    if not may_read_self_evaluations(actor):
        raise PermissionDenied(_("Self-evaluations are for the providers' staff and the city's contract monitors."))


def require_self_evaluation_writer(actor: Actor, provider_id: int | None = None) -> None:
    """The provider's staff; with `provider_id`, that provider's own."""
    allowed = (
        may_write_self_evaluations(actor) if provider_id is None else may_write_self_evaluation(actor, provider_id)
    )
    if not allowed:
        raise PermissionDenied(_("Only the provider's own staff write its self-evaluations."))


def require_self_evaluation_commenter(actor: Actor) -> None:
    if not may_comment_self_evaluations(actor):
        raise PermissionDenied(_("Only the city's contract monitors and administrators comment on self-evaluations."))
