"""Writes about contracts, service orders and goals. Views, API, importers and commands all call these.

One module past 500 lines on purpose: an order, its goals, its quality of life and its employment path share
the order's guards (who is its provider, who its city worker), kept private here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts import evidence as evidence_storage
from contracts.models import (
    GOAL_INPUT_FIELDS,
    OPEN_PATH_STATES,
    QOL_ITEM_FIELDS,
    ContractLine,
    EmploymentPath,
    EmploymentPathGoal,
    EmploymentPathOutcome,
    EmploymentPathProgress,
    EmploymentPathState,
    EvidenceFile,
    Goal,
    OrderingUnit,
    QualityOfLifeAssessment,
    QualityOfLifeKind,
    ServiceOrder,
    path_latest_end,
)
from contracts.permissions import (
    may_be_responsible_worker,
    require_may_assess,
    require_may_order,
    require_order_city_worker,
    require_order_provider,
)
from core.errors import ConflictError
from core.periods import Period
from suppliers.access import actor_for
from suppliers.services import client_access_record, client_get_or_create

OVERLAP_CONSTRAINT = "service_order_no_overlap"
_ORDER_EDITABLE_FIELDS = ("starts_on", "ends_on", "planned_volume", "decision_number", "responsible_worker")


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
    if not may_be_responsible_worker(actor_for(order.responsible_worker)):
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
    require_may_order(user, ordering_unit, permission="contracts.add_serviceorder")
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
    require_may_order(user, order.ordering_unit, permission="contracts.change_serviceorder")
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


def service_order_access_record(
    *, user: Any, order: ServiceOrder, action: str, resource: str, object_ref: str = ""
) -> None:
    """Record that `user` saw (or changed) the order's client: the one access-log line every order page and API
    writes, the order itself as the object unless a goal, path or file on it is named."""
    client_access_record(
        user=user,
        client_ids=[order.client_id],
        action=action,
        resource=resource,
        object_ref=object_ref or f"service_order:{order.pk}",
    )


@transaction.atomic
def goal_create(*, user: Any, order: ServiceOrder, **fields: Any) -> Goal:
    require_may_order(user, order.ordering_unit, permission="contracts.add_goal")
    goal = Goal(service_order=order, created_by=user, **fields)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, user: Any, goal: Goal, **changes: Any) -> Goal:
    """Change a goal's wording, scale, weight or target date; the GAS levels reported so far stay as they are."""
    require_may_order(user, goal.service_order.ordering_unit, permission="contracts.change_goal")
    unknown = set(changes) - set(GOAL_INPUT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    if changes:
        locked.save(update_fields=list(changes))
    return locked


# Quality of life (EUROHIS-QOL 8) ----------------------------------------------------------------------------


@transaction.atomic
def quality_of_life_record(
    *, user: Any, order: ServiceOrder, kind: str, assessed_on: datetime.date, items: Sequence[int]
) -> QualityOfLifeAssessment:
    """Record (or correct) the start or end questionnaire; the provider fills it with the client, or the city."""
    require_may_assess(actor_for(user), order)
    if kind not in QualityOfLifeKind.values:
        raise ValidationError({"kind": _("Choose the start or the end of the service.")})
    if len(items) != len(QOL_ITEM_FIELDS):
        raise ValidationError({"items": _("Answer all eight questions.")})
    if any(not isinstance(value, int) or not 1 <= value <= 5 for value in items):
        raise ValidationError({"items": _("Each answer is a whole number from 1 to 5.")})
    if kind == QualityOfLifeKind.END:
        start = QualityOfLifeAssessment.objects.filter(service_order=order, kind=QualityOfLifeKind.START).first()
        if start is not None and assessed_on < start.assessed_on:
            raise ValidationError({"assessed_on": _("The end assessment cannot be earlier than the start one.")})
    assessment = QualityOfLifeAssessment.objects.select_for_update().filter(
        service_order=order, kind=kind
    ).first() or QualityOfLifeAssessment(service_order=order, kind=kind)
    assessment.assessed_on = assessed_on
    assessment.recorded_by = user
    for field, value in zip(QOL_ITEM_FIELDS, items, strict=True):
        setattr(assessment, field, value)
    assessment.full_clean()
    if assessment.pk is None:
        assessment.save()
    else:
        assessment.save(update_fields=["assessed_on", "recorded_by", *QOL_ITEM_FIELDS])
    return assessment


# Employment path (docs §6, §9) ------------------------------------------------------------------------------


def _lock_path(path: EmploymentPath) -> EmploymentPath:
    return (
        EmploymentPath.objects.select_for_update()
        .select_related("service_order__ordering_unit", "service_order__contract_line__product")
        .get(pk=path.pk)
    )


def _require_path_state(path: EmploymentPath, *states: str) -> None:
    if path.state not in states:
        raise ConflictError(
            _("The employment path is %(state)s; this cannot be done to it now.") % {"state": path.get_state_display()},
            code="wrong_state",
        )


def _check_term(path: EmploymentPath) -> None:
    """The term stays within the product's maximum length (docs §9)."""
    if path.starts_on is None or path.ends_on is None:
        return
    if path.ends_on < path.starts_on:
        raise ValidationError({"ends_on": _("The path cannot end before it starts.")})
    months = path.service_order.contract_line.product.employment_path_max_months
    latest = path_latest_end(path.starts_on, months)
    if path.ends_on > latest:
        raise ValidationError(
            _("An employment path of this product lasts at most %(months)s months: it must end by %(latest)s.")
            % {"months": months, "latest": latest.isoformat()},
            code="employment_path_max_length",
        )


def _bump(path: EmploymentPath, fields: list[str]) -> EmploymentPath:
    path.full_clean()
    path.version = F("version") + 1
    path.save(update_fields=[*fields, "version"])
    path.refresh_from_db()
    return path


@transaction.atomic
def employment_path_propose(
    *, user: Any, order: ServiceOrder, justification: str, goals: Iterable[str] = ()
) -> EmploymentPath:
    """The provider proposes a ready client, justifying the client's strengths and successes (docs §6)."""
    actor = actor_for(user)
    require_order_provider(actor, order)
    if not (justification or "").strip():
        raise ValidationError(
            _("Describe the client's strengths and successes in the current service."),
            code="employment_path_justification",
        )
    locked = ServiceOrder.objects.select_for_update().get(pk=order.pk)
    if EmploymentPath.objects.filter(service_order=locked, state__in=OPEN_PATH_STATES).exists():
        raise ConflictError(_("The client already has an employment path under way."), code="path_already_open")
    path = EmploymentPath(
        service_order=locked,
        justification=justification.strip(),
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    path.full_clean()
    path.save()
    for description in goals:
        if description.strip():
            EmploymentPathGoal.objects.create(path=path, description=description.strip(), created_by=user)
    return path


@transaction.atomic
def employment_path_decide(
    *,
    user: Any,
    path: EmploymentPath,
    accept: bool,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    comment: str = "",
) -> EmploymentPath:
    """The city accepts the proposal with a fixed term within the product's maximum, or declines it."""
    locked = _lock_path(path)
    require_order_city_worker(actor_for(user), locked.service_order)
    _require_path_state(locked, EmploymentPathState.PROPOSED)
    if accept:
        errors: dict[str, list[str]] = {}
        if starts_on is None:
            errors["starts_on"] = [_("Give the day the path starts.")]
        if ends_on is None:
            errors["ends_on"] = [_("Give the day the path ends: it is always fixed-term.")]
        if errors:
            raise ValidationError(errors)
        assert starts_on is not None
        if starts_on < locked.service_order.starts_on:
            raise ValidationError({"starts_on": [_("The path cannot start before the service order.")]})
        locked.starts_on, locked.ends_on = starts_on, ends_on
        _check_term(locked)
        locked.state = EmploymentPathState.ACTIVE
    else:
        if not comment.strip():
            raise ValidationError({"comment": [_("Say why the proposal is declined.")]})
        locked.state = EmploymentPathState.DECLINED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_comment = comment.strip()
    return _bump(locked, ["state", "starts_on", "ends_on", "decided_by", "decided_at", "decision_comment"])


@transaction.atomic
def employment_path_goal_add(*, user: Any, path: EmploymentPath, description: str) -> EmploymentPathGoal:
    locked = _lock_path(path)
    actor = actor_for(user)
    require_may_assess(actor, locked.service_order)
    _require_path_state(locked, *OPEN_PATH_STATES)
    goal = EmploymentPathGoal(path=locked, description=(description or "").strip(), created_by=user)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def employment_path_progress_record(
    *, user: Any, path: EmploymentPath, period: Period, narrative: str
) -> EmploymentPathProgress:
    """The provider's note for a month of the path; recording the month again replaces the note."""
    locked = _lock_path(path)
    require_order_provider(actor_for(user), locked.service_order)
    _require_path_state(locked, EmploymentPathState.ACTIVE)
    assert locked.starts_on is not None
    assert locked.ends_on is not None
    if period.last_day < locked.starts_on or period.first_day > locked.ends_on:
        raise ValidationError({"period": [_("The month is outside the path's term.")]})
    if not (narrative or "").strip():
        raise ValidationError({"narrative": [_("Describe how the month went.")]})
    progress, _created = EmploymentPathProgress.objects.update_or_create(
        path=locked, period=period, defaults={"narrative": narrative.strip(), "recorded_by": user}
    )
    return progress


class Upload(Protocol):
    """What Django's UploadedFile offers and the evidence service reads."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterable[bytes]: ...

    def seek(self, pos: int, whence: int = 0) -> int: ...

    def read(self, size: int = -1) -> bytes: ...


@transaction.atomic
def evidence_upload(*, user: Any, path: EmploymentPath, upload: Upload, description: str = "") -> EvidenceFile:
    """Keep a PDF, PNG or JPEG that shows the path's goals were reached, judged by its content (magic bytes)."""
    locked = _lock_path(path)
    require_order_provider(actor_for(user), locked.service_order)
    _require_path_state(locked, EmploymentPathState.ACTIVE, EmploymentPathState.CLOSED)
    limit = evidence_storage.max_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="evidence_empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s bytes; evidence files may be at most %(limit)s bytes.")
            % {"size": upload.size, "limit": limit},
            code="evidence_too_large",
        )
    upload.seek(0)
    head = upload.read(evidence_storage.HEAD_BYTES)
    upload.seek(0)
    kind = evidence_storage.detect_kind(head)
    if kind is None:
        if evidence_storage.looks_executable(head):
            message = _("The file is a program, not a document, whatever its name says. Send a PDF, PNG or JPEG.")
        else:
            message = _("The file is not a PDF, PNG or JPEG by its content. Send one of those.")
        raise ValidationError(message, code="evidence_type_refused")
    storage_name, size, sha256 = evidence_storage.store(upload.chunks())
    try:
        if size > limit:
            raise ValidationError(
                _("The file is %(size)s bytes; evidence files may be at most %(limit)s bytes.")
                % {"size": size, "limit": limit},
                code="evidence_too_large",
            )
        evidence = EvidenceFile(
            path=locked,
            original_name=(upload.name or "evidence")[-200:],
            content_type=kind.content_type,
            size=size,
            sha256=sha256,
            storage_name=storage_name,
            description=(description or "").strip()[:200],
            uploaded_by=user,
        )
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence_storage.remove(storage_name)
        raise
    return evidence


@transaction.atomic
def employment_path_close(
    *,
    user: Any,
    path: EmploymentPath,
    outcome: str,
    outcome_description: str = "",
    achieved_goal_ids: Iterable[int] = (),
) -> EmploymentPath:
    """The provider closes the path with its outcome; not without evidence, nor past its maximum length."""
    locked = _lock_path(path)
    require_order_provider(actor_for(user), locked.service_order)
    _require_path_state(locked, EmploymentPathState.ACTIVE)
    if outcome not in EmploymentPathOutcome.values:
        raise ValidationError({"outcome": [_("Choose the outcome of the path.")]})
    if not locked.justification.strip():
        raise ValidationError(
            _("The path has no justification of the client's strengths and successes."),
            code="employment_path_justification",
        )
    _check_term(locked)
    if not EvidenceFile.objects.filter(path=locked).exists():
        raise ValidationError(
            _("Upload evidence that the path's goals were reached before closing it."),
            code="employment_path_evidence",
        )
    achieved = set(achieved_goal_ids)
    goals = list(EmploymentPathGoal.objects.filter(path=locked))
    unknown = achieved - {goal.pk for goal in goals}
    if unknown:
        raise ValidationError({"achieved_goals": [_("These goals are not the path's own.")]})
    for goal in goals:
        goal.achieved = goal.pk in achieved
    EmploymentPathGoal.objects.bulk_update(goals, ["achieved"])
    locked.state = EmploymentPathState.CLOSED
    locked.outcome = outcome
    locked.outcome_description = (outcome_description or "").strip()
    locked.closed_by = user
    locked.closed_at = timezone.now()
    return _bump(locked, ["state", "outcome", "outcome_description", "closed_by", "closed_at"])


@transaction.atomic
def employment_path_verify(*, user: Any, path: EmploymentPath, comment: str = "") -> EmploymentPath:
    """The city has looked at the evidence and confirms the outcome."""
    locked = _lock_path(path)
    require_order_city_worker(actor_for(user), locked.service_order)
    _require_path_state(locked, EmploymentPathState.CLOSED)
    if not EvidenceFile.objects.filter(path=locked).exists():
        raise ValidationError(
            _("The path has no evidence to verify."),
            code="employment_path_evidence",
        )
    locked.state = EmploymentPathState.VERIFIED
    locked.verified_by = user
    locked.verified_at = timezone.now()
    locked.verification_comment = (comment or "").strip()
    return _bump(locked, ["state", "verified_by", "verified_at", "verification_comment"])
