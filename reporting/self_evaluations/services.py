"""Writes of self-evaluations: the provider writes and submits, the city comments.

Pages and the API call these; each checks who may, runs in a transaction, validates with the model's own
constraints and records the event (who, when, from which state to which).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract
from core.errors import ConflictError
from reporting.models import (
    SELF_EVALUATION_TEXT_FIELDS,
    EvaluationPeriodKind,
    SelfEvaluation,
    SelfEvaluationComment,
    SelfEvaluationEvent,
    SelfEvaluationState,
)
from reporting.self_evaluations.permissions import require_self_evaluation_commenter, require_self_evaluation_writer
from suppliers.access import actor_for
from suppliers.models import Provider

# What the provider writes; the rest (state, who and when, version) only the services set.
CONTENT_FIELDS = (*SELF_EVALUATION_TEXT_FIELDS, "participant_count", "participants")
PERIOD_FIELDS = ("contract", "kind", "year", "quarter")
REQUIRED_TO_SUBMIT = (*SELF_EVALUATION_TEXT_FIELDS, "participant_count")


def _require_draft(evaluation: SelfEvaluation) -> None:
    if not evaluation.is_editable:
        raise ConflictError(
            _("The self-evaluation has been submitted and can no longer be changed."), code="not_editable"
        )


def _require_version(evaluation: SelfEvaluation, version: int) -> None:
    if evaluation.version != version:
        raise ConflictError(
            _("Someone else changed this self-evaluation after you opened it. Reload it and try again."),
            code="stale_version",
        )


def _lock(evaluation: SelfEvaluation) -> SelfEvaluation:
    return SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)


def _event(evaluation: SelfEvaluation, *, user: Any, from_state: str, to_state: str) -> None:
    SelfEvaluationEvent.objects.create(evaluation=evaluation, actor=user, from_state=from_state, to_state=to_state)


def _check_period(evaluation: SelfEvaluation) -> None:
    """Clear messages for the period, before the model's constraints say it in their own words."""
    errors: dict[str, list[str]] = {}
    if evaluation.kind == EvaluationPeriodKind.QUARTER and evaluation.quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("Choose the quarter (1–4) of a quarterly evaluation.")]
    if evaluation.kind == EvaluationPeriodKind.YEAR:
        evaluation.quarter = None
    if evaluation.contract is not None and evaluation.contract.provider_id != evaluation.provider_id:
        errors["contract"] = [_("Choose one of the provider's own contracts.")]
    if errors:
        raise ValidationError(errors)


def _save_checked(evaluation: SelfEvaluation, *, update_fields: list[str] | None = None) -> None:
    _check_period(evaluation)
    # Nothing excluded: a constraint is only checked when none of its fields is excluded.
    evaluation.full_clean()
    try:
        with transaction.atomic():
            evaluation.save(update_fields=update_fields)
    except IntegrityError as exc:
        # Two requests wrote the same period at once; full_clean saw neither, the database kept one.
        raise ValidationError(_("A self-evaluation for this period already exists.")) from exc


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def self_evaluation_create(
    *,
    user: Any,
    provider: Provider,
    kind: str,
    year: int,
    quarter: int | None = None,
    contract: Contract | None = None,
    **content: Any,
) -> SelfEvaluation:
    """A new draft for a quarter or a year, on one contract or (contract None) on all the provider's."""
    actor = actor_for(user)
    require_self_evaluation_writer(actor, provider.pk)
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    evaluation = SelfEvaluation(
        provider=provider, contract=contract, kind=kind, year=year, quarter=quarter, created_by=user, **content
    )
    with transaction.atomic():
        _save_checked(evaluation)
        _event(evaluation, user=user, from_state="", to_state=SelfEvaluationState.DRAFT)
    return evaluation


def self_evaluation_update(*, user: Any, evaluation: SelfEvaluation, version: int, **fields: Any) -> SelfEvaluation:
    """Change a draft's text or period; `version` is the one the caller read (a stale one is a 409)."""
    actor = actor_for(user)
    unknown = set(fields) - set(CONTENT_FIELDS) - set(PERIOD_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = _lock(evaluation)
        # Who may and whether it can come before the version: an outsider learns nothing from a 409.
        require_self_evaluation_writer(actor, locked.provider_id)
        _require_draft(locked)
        _require_version(locked, version)
        for name, value in fields.items():
            setattr(locked, name, value)
        # A yearly evaluation clears its quarter (_check_period), so a change of kind saves the quarter too.
        changed = {*fields, "quarter"} if "kind" in fields else set(fields)
        locked.version = locked.version + 1
        _save_checked(locked, update_fields=sorted({*changed, "version", "updated_at"}))
    return locked


def self_evaluation_submit(*, user: Any, evaluation: SelfEvaluation, version: int | None = None) -> SelfEvaluation:
    """Send the draft to the city. Every section must be written: all missing ones are named at once."""
    actor = actor_for(user)
    with transaction.atomic():
        locked = _lock(evaluation)
        require_self_evaluation_writer(actor, locked.provider_id)
        _require_draft(locked)
        if version is not None:
            _require_version(locked, version)
        missing = {
            name: [_("Write this before submitting.")] for name in REQUIRED_TO_SUBMIT if _blank(getattr(locked, name))
        }
        if missing:
            raise ValidationError(missing)
        locked.state = SelfEvaluationState.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.version = F("version") + 1
        locked.save(update_fields=["state", "submitted_by", "submitted_at", "version", "updated_at"])
        _event(locked, user=user, from_state=SelfEvaluationState.DRAFT, to_state=SelfEvaluationState.SUBMITTED)
    locked.refresh_from_db()
    return locked


def self_evaluation_comment_add(*, user: Any, evaluation: SelfEvaluation, text: str) -> SelfEvaluationComment:
    """The city's comment on a submitted evaluation; the first one marks it commented."""
    actor = actor_for(user)
    require_self_evaluation_commenter(actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the comment.")]})
    with transaction.atomic():
        locked = _lock(evaluation)
        if locked.state == SelfEvaluationState.DRAFT:
            raise ConflictError(_("A draft cannot be commented on; wait until it is submitted."), code="wrong_state")
        comment = SelfEvaluationComment(evaluation=locked, author=user, text=text)
        comment.full_clean(exclude=["evaluation", "author"])
        comment.save()
        if locked.state == SelfEvaluationState.SUBMITTED:
            locked.state = SelfEvaluationState.COMMENTED
            locked.version = F("version") + 1
            locked.save(update_fields=["state", "version", "updated_at"])
            _event(locked, user=user, from_state=SelfEvaluationState.SUBMITTED, to_state=SelfEvaluationState.COMMENTED)
    return comment
