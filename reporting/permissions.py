"""Who may do what to a monthly report: named predicates over the actor and the report (docs §2, §8).

The services raise through the `require_*` helpers; the pages and the workbook upload ask the same predicates
which buttons to show and what to refuse, so a rule is written once. Which rows an actor sees at all is the
selectors' business (an unseen report is a 404 before any of this is asked). Role names come from
`suppliers.roles`; none is spelled here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import ConflictError
from reporting.models import Report, ReportState
from suppliers.access import Actor
from suppliers.permissions import is_provider_member
from suppliers.roles import Role

# The city's people who review reports and monitor every provider: the same two roles (docs §2).
REVIEWER_ROLES = frozenset({Role.CONTRACT_MONITOR, Role.ADMINISTRATOR})
SUBMITTABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


# Predicates -----------------------------------------------------------------------------------------------


def may_review_reports(actor: Actor) -> bool:
    """The city's contract monitors and administrators: they return, approve and reopen reports."""
    return actor.is_superuser or actor.has_role(*REVIEWER_ROLES)


def may_monitor(actor: Actor) -> bool:
    """Who sees the city's monitoring dashboards: the reviewers, over every provider.

    A lead social worker follows only the budget of their own ordering units (`may_follow_unit_budgets`, the
    money dashboard scopes it by unit); provider users see their own figures only where a page says so (the
    home page, their self-evaluations).
    """
    return may_review_reports(actor)


def may_follow_unit_budgets(actor: Actor) -> bool:
    """A lead social worker follows the budget use of their own ordering units (the money dashboard)."""
    return actor.has_role(Role.LEAD_SOCIAL_WORKER)


def may_edit_report(actor: Actor, report: Report) -> bool:
    return is_provider_member(actor, report.provider_id) and report.is_editable


def may_submit_report(actor: Actor, report: Report) -> bool:
    return is_provider_member(actor, report.provider_id) and report.state in SUBMITTABLE_STATES


def may_review_report(actor: Actor, report: Report) -> bool:
    """May return or approve it now: a reviewer, and the report is waiting for review."""
    return may_review_reports(actor) and report.state == ReportState.SUBMITTED


def may_reopen_report(actor: Actor, report: Report) -> bool:
    """May open a correction revision: a reviewer, on the current approved revision."""
    return may_review_reports(actor) and report.state == ReportState.APPROVED and report.is_current


# Raising --------------------------------------------------------------------------------------------------


def require_provider_member(actor: Actor, provider_id: int) -> None:
    if not is_provider_member(actor, provider_id):
        raise PermissionDenied(_("Only the provider's own staff may fill in and submit its reports."))


def require_reviewer(actor: Actor) -> None:
    if not may_review_reports(actor):
        raise PermissionDenied(_("Only the city's contract monitors review reports."))


def require_monitor(actor: Actor) -> None:
    if not may_monitor(actor):
        raise PermissionDenied(_("Only contract monitors and administrators see the monitoring dashboards."))


def require_report_state(report: Report, *states: str) -> None:
    if report.state not in states:
        raise ConflictError(
            _("The report is %(state)s; this cannot be done to it now.") % {"state": report.get_state_display()},
            code="wrong_state",
        )


def require_report_editable(report: Report) -> None:
    if not report.is_editable:
        raise ConflictError(
            _("The report is %(state)s and can no longer be edited.") % {"state": report.get_state_display()},
            code="report_not_editable",
        )


def require_may_edit_report(actor: Actor, report: Report) -> None:
    """Who first, then whether it can be edited now: someone who may not learns nothing from a 409."""
    require_provider_member(actor, report.provider_id)
    require_report_editable(report)


def report_actions(actor: Actor, report: Report) -> dict[str, bool]:
    """The buttons a page shows on a report, by the same predicates the services raise through."""
    return {
        "may_edit": may_edit_report(actor, report),
        "may_submit": may_submit_report(actor, report),
        "may_review": may_review_report(actor, report),
        "may_reopen": may_reopen_report(actor, report),
    }
