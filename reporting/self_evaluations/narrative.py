"""The provider's narrative for the contract monitoring report (PDF): its submitted self-evaluations.

`self_evaluation_narrative` returns plain data in the active language; the PDF renders it. Two queries
whatever the number of evaluations (the evaluations, then their comments with authors).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from core.periods import Period
from reporting.models import SelfEvaluation, SelfEvaluationComment, SelfEvaluationState
from reporting.self_evaluations.selectors import self_evaluation_list
from suppliers.access import Actor, person_name


@dataclass(frozen=True)
class NarrativeSection:
    title: str
    period_label: str
    # (heading, text) in the order of the evaluation form; sections left empty are left out.
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    # (author's name, when, text), oldest first.
    comments: list[tuple[str, datetime.datetime, str]] = field(default_factory=list)


def _headings() -> list[tuple[str, str]]:
    return [
        ("objectives", _("Objectives")),
        ("actions_taken", _("Actions taken")),
        ("participants", _("Participants")),
        ("what_worked", _("What worked")),
        ("why_it_worked", _("Why it worked")),
        ("what_did_not_work", _("What did not work")),
        ("why_it_did_not", _("Why it did not work")),
        ("practices_to_share", _("Practices worth sharing")),
    ]


def participants_text(evaluation: SelfEvaluation) -> str:
    """The count and the description as one paragraph: "12 participants. Young adults …"."""
    parts = []
    if evaluation.participant_count is not None:
        parts.append(_("%(count)s participants.") % {"count": evaluation.participant_count})
    if evaluation.participants.strip():
        parts.append(evaluation.participants.strip())
    return " ".join(parts)


def evaluation_paragraphs(evaluation: SelfEvaluation) -> list[tuple[str, str]]:
    paragraphs = []
    for name, heading in _headings():
        text = participants_text(evaluation) if name == "participants" else getattr(evaluation, name).strip()
        if text:
            paragraphs.append((heading, text))
    return paragraphs


def evaluation_title(evaluation: SelfEvaluation) -> str:
    if evaluation.contract is None:
        return _("Self-evaluation of %(provider)s, all contracts") % {"provider": evaluation.provider.name}
    return _("Self-evaluation of %(provider)s, contract %(contract)s") % {
        "provider": evaluation.provider.name,
        "contract": evaluation.contract.number,
    }


def _month_index(period: Period) -> int:
    return period.year * 12 + period.month - 1


def self_evaluation_narrative(
    *, actor: Actor, provider_id: int, first: Period, last: Period, contract_id: int | None = None
) -> list[NarrativeSection]:
    """The provider's submitted (or commented) evaluations that overlap the months first..last, in order.

    With a contract, that contract's evaluations and the provider's evaluations of all its contracts; without
    one, all of the provider's. In order of the last month covered, a quarter before the year that holds it.
    Empty when the actor may not see the provider's evaluations.
    """
    queryset = (
        self_evaluation_list(actor=actor)
        .filter(provider_id=provider_id, year__gte=first.year, year__lte=last.year)
        .exclude(state=SelfEvaluationState.DRAFT)
        .prefetch_related(
            Prefetch("comments", queryset=SelfEvaluationComment.objects.select_related("author").order_by("at", "id"))
        )
    )
    if contract_id is not None:
        queryset = queryset.filter(Q(contract_id=contract_id) | Q(contract__isnull=True))
    low, high = _month_index(first), _month_index(last)
    evaluations = []
    for evaluation in queryset:
        start, end = evaluation.months
        if _month_index(start) <= high and _month_index(end) >= low:
            evaluations.append((_month_index(start), _month_index(end), evaluation))
    # By the last month covered, the shorter first: Q1, Q2, Q3, Q4, then the year that holds them.
    evaluations.sort(key=lambda row: (row[1], -row[0], row[2].contract is not None, row[2].pk))
    return [
        NarrativeSection(
            title=evaluation_title(evaluation),
            period_label=evaluation.period_label,
            paragraphs=evaluation_paragraphs(evaluation),
            comments=[(person_name(comment.author), comment.at, comment.text) for comment in evaluation.comments.all()],
        )
        for _start, _end, evaluation in evaluations
    ]
