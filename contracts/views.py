"""Pages for contracts, service orders and clients. Thin: selectors read, services write, the access log
records every client shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import evidence as evidence_storage
from contracts.extensions import order_detail_extras
from contracts.filters import ServiceOrderFilter
from contracts.forms import (
    EvidenceForm,
    GoalForm,
    PathCloseForm,
    PathDecideForm,
    PathGoalForm,
    PathProgressForm,
    PathProposeForm,
    PathVerifyForm,
    QualityOfLifeForm,
    ServiceOrderCreateForm,
)
from contracts.models import (
    OPEN_PATH_STATES,
    EmploymentPath,
    EvidenceFile,
    ServiceOrder,
    path_latest_end,
)
from contracts.permissions import (
    employment_path_actions,
    is_order_provider,
    may_assess,
    may_create_orders,
    may_set_goals,
)
from contracts.selectors import (
    client_list,
    contract_list,
    employment_path_list,
    evidence_file_list,
    goal_list,
    product_list,
    quality_of_life_summary,
    service_order_list,
)
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_goal_add,
    employment_path_progress_record,
    employment_path_propose,
    employment_path_verify,
    evidence_upload,
    goal_create,
    goal_update,
    quality_of_life_record,
    service_order_access_record,
    service_order_create,
)
from core.errors import DomainError
from suppliers.access import actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record

PAGE_SIZE = 50


@login_required
def service_order_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    filterset = ServiceOrderFilter(request.GET, queryset=service_order_list(actor=actor))
    queryset = filterset.qs if filterset.is_valid() else service_order_list(actor=actor).none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    client_access_record(
        user=request.user,
        client_ids=[order.client_id for order in page.object_list],
        action=AccessAction.LIST,
        resource="page:service-order-list",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contracts/service_order_list.html",
        {
            "page": page,
            "filter": filterset,
            "query": query.urlencode(),
            "may_create": may_create_orders(request.user),
        },
    )


@login_required
def service_order_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    order = get_object_or_404(service_order_list(actor=actor), pk=pk)
    _log_order(request, order, AccessAction.VIEW, "page:service-order-detail")
    paths = list(employment_path_list(actor=actor).filter(service_order=order))
    return render(
        request,
        "contracts/service_order_detail.html",
        {
            "order": order,
            "may_set_goals": may_set_goals(request.user, order),
            "may_assess": may_assess(actor, order),
            "may_propose": is_order_provider(actor, order)
            and not any(path.state in OPEN_PATH_STATES for path in paths),
            "quality_of_life": quality_of_life_summary(list(order.quality_of_life.all())),
            "paths": paths,
            # What other apps show on the order (its goal attainment, from reporting) without contracts
            # depending on them.
            **order_detail_extras(actor=actor, order=order),
        },
    )


@login_required
def service_order_create_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not may_create_orders(request.user):
        raise PermissionDenied
    form = ServiceOrderCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            order = service_order_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error("ordering_unit", str(exc))
        else:
            _log_order(request, order, AccessAction.CREATE, "page:service-order-create")
            messages.success(request, _("Service order %(number)s created.") % {"number": order.decision_number})
            return redirect("service-order-detail", pk=order.pk)
    return render(request, "contracts/service_order_form.html", {"form": form})


@login_required
def client_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = get_object_or_404(client_list(actor=actor), pk=pk)
    orders = service_order_list(actor=actor).filter(client=client)
    client_access_record(
        user=request.user,
        client_ids=[client.pk],
        action=AccessAction.VIEW,
        resource="page:client-detail",
        object_ref=f"client:{client.pk}",
    )
    return render(request, "contracts/client_detail.html", {"client": client, "orders": orders})


@login_required
def contract_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    page = Paginator(contract_list(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/contract_list.html", {"page": page})


@login_required
def contract_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    contract = get_object_or_404(contract_list(actor=actor), pk=pk)
    return render(request, "contracts/contract_detail.html", {"contract": contract})


@login_required
def product_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(request, "contracts/product_list.html", {"products": product_list(actor=actor)})


# Goals, quality of life and the employment path (docs §5, §6) ----------------------------------------------


def _log_order(request: HttpRequest, order: ServiceOrder, action: str, resource: str, object_ref: str = "") -> None:
    service_order_access_record(user=request.user, order=order, action=action, resource=resource, object_ref=object_ref)


def _error_messages(exc: Exception) -> list[str]:
    if isinstance(exc, DomainError):
        return [str(exc.detail)]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


def _form_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
        for name, errors in form.errors.items()
        for error in errors
    ]


@login_required
def goal_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    order = get_object_or_404(service_order_list(actor=actor), pk=pk)
    if not may_set_goals(request.user, order):
        raise PermissionDenied
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goal_create(user=request.user, order=order, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for message in _error_messages(exc):
                form.add_error(None, message)
        else:
            _log_order(request, order, AccessAction.CREATE, "page:goal-create", f"goal:{goal.pk}")
            messages.success(request, _("Goal added."))
            return redirect("service-order-detail", pk=order.pk)
    _log_order(request, order, AccessAction.VIEW, "page:goal-create")
    return render(request, "contracts/goal_form.html", {"form": form, "order": order, "goal": None})


@login_required
def goal_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    goal = get_object_or_404(goal_list(actor=actor).select_related("service_order__ordering_unit"), pk=pk)
    order = goal.service_order
    if not may_set_goals(request.user, order):
        raise PermissionDenied
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            goal_update(user=request.user, goal=goal, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for message in _error_messages(exc):
                form.add_error(None, message)
        else:
            _log_order(request, order, AccessAction.UPDATE, "page:goal-edit", f"goal:{goal.pk}")
            messages.success(request, _("Goal saved."))
            return redirect("service-order-detail", pk=order.pk)
    _log_order(request, order, AccessAction.VIEW, "page:goal-edit", f"goal:{goal.pk}")
    return render(request, "contracts/goal_form.html", {"form": form, "order": order, "goal": goal})


@login_required
def quality_of_life_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    order = get_object_or_404(service_order_list(actor=actor), pk=pk)
    form = QualityOfLifeForm(request.POST or None, initial={"kind": request.GET.get("kind", "start")})
    if request.method == "POST" and form.is_valid():
        try:
            quality_of_life_record(
                user=request.user,
                order=order,
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                items=form.items(),
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in _error_messages(exc):
                form.add_error(None, message)
        else:
            _log_order(request, order, AccessAction.UPDATE, "page:quality-of-life")
            messages.success(request, _("Quality-of-life assessment saved."))
            return redirect("service-order-detail", pk=order.pk)
    _log_order(request, order, AccessAction.VIEW, "page:quality-of-life")
    return render(request, "contracts/quality_of_life_form.html", {"form": form, "order": order})


@login_required
def employment_path_propose_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    order = get_object_or_404(service_order_list(actor=actor), pk=pk)
    if not is_order_provider(actor, order):
        raise PermissionDenied
    form = PathProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            path = employment_path_propose(
                user=request.user,
                order=order,
                justification=form.cleaned_data["justification"],
                goals=form.goal_lines(),
            )
        except (ValidationError, DomainError) as exc:
            for message in _error_messages(exc):
                form.add_error("justification" if "justification" in str(message).lower() else None, message)
        else:
            _log_order(
                request, order, AccessAction.CREATE, "page:employment-path-propose", f"employment_path:{path.pk}"
            )
            messages.success(request, _("Employment path proposed to the city."))
            return redirect("employment-path-detail", pk=path.pk)
    _log_order(request, order, AccessAction.VIEW, "page:employment-path-propose")
    return render(request, "contracts/employment_path_propose.html", {"form": form, "order": order})


@login_required
def employment_path_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    path = get_object_or_404(employment_path_list(actor=actor), pk=pk)
    order = path.service_order
    goals = list(path.goals.all())
    _log_order(request, order, AccessAction.VIEW, "page:employment-path-detail", f"employment_path:{path.pk}")
    return render(
        request,
        "contracts/employment_path_detail.html",
        {
            "path": path,
            "order": order,
            "goals": goals,
            "latest_end": path_latest_end(path.starts_on, order.contract_line.product.employment_path_max_months)
            if path.starts_on
            else None,
            "decide_form": PathDecideForm(),
            "goal_form": PathGoalForm(),
            "progress_form": PathProgressForm(),
            "evidence_form": EvidenceForm(),
            "close_form": PathCloseForm(goals=goals),
            "verify_form": PathVerifyForm(),
            **employment_path_actions(actor, path),
        },
    )


def _run_path_action(request: HttpRequest, path: EmploymentPath, action: str) -> str:
    """Validate the action's form and call its service; the message to show on success."""
    data, files = request.POST, request.FILES
    if action == "decide":
        decide = PathDecideForm(data)
        if not decide.is_valid():
            raise ValidationError(_form_errors(decide))
        employment_path_decide(
            user=request.user,
            path=path,
            accept=decide.cleaned_data["decision"] == "accept",
            starts_on=decide.cleaned_data["starts_on"],
            ends_on=decide.cleaned_data["ends_on"],
            comment=decide.cleaned_data["comment"],
        )
        return str(_("Decision saved."))
    if action == "goal":
        goal = PathGoalForm(data)
        if not goal.is_valid():
            raise ValidationError(_form_errors(goal))
        employment_path_goal_add(user=request.user, path=path, description=goal.cleaned_data["description"])
        return str(_("Goal added."))
    if action == "progress":
        progress = PathProgressForm(data)
        if not progress.is_valid():
            raise ValidationError(_form_errors(progress))
        employment_path_progress_record(
            user=request.user,
            path=path,
            period=progress.cleaned_data["period"],
            narrative=progress.cleaned_data["narrative"],
        )
        return str(_("Monthly progress saved."))
    if action == "evidence":
        evidence = EvidenceForm(data, files)
        if not evidence.is_valid():
            raise ValidationError(_form_errors(evidence))
        evidence_upload(
            user=request.user,
            path=path,
            upload=evidence.cleaned_data["file"],
            description=evidence.cleaned_data["description"],
        )
        return str(_("Evidence file uploaded."))
    if action == "close":
        close = PathCloseForm(data, goals=list(path.goals.all()))
        if not close.is_valid():
            raise ValidationError(_form_errors(close))
        employment_path_close(
            user=request.user,
            path=path,
            outcome=close.cleaned_data["outcome"],
            outcome_description=close.cleaned_data["outcome_description"],
            achieved_goal_ids=[int(value) for value in close.cleaned_data["achieved_goals"]],
        )
        return str(_("Employment path closed; the city verifies the outcome."))
    verify = PathVerifyForm(data)
    if not verify.is_valid():
        raise ValidationError(_form_errors(verify))
    employment_path_verify(user=request.user, path=path, comment=verify.cleaned_data["comment"])
    return str(_("Outcome verified."))


@login_required
@require_POST
def employment_path_action_page(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    path = get_object_or_404(employment_path_list(actor=actor), pk=pk)
    try:
        message = _run_path_action(request, path, action)
    except (ValidationError, DomainError) as exc:
        for text in _error_messages(exc):
            messages.error(request, text)
    else:
        _log_order(
            request,
            path.service_order,
            AccessAction.UPDATE,
            f"page:employment-path-{action}",
            f"employment_path:{path.pk}",
        )
        messages.success(request, message)
    return redirect("employment-path-detail", pk=path.pk)


def evidence_file_response(*, user: Any, evidence: EvidenceFile, resource: str) -> FileResponse:
    """The file as an attachment under a safe name, never rendered inline, and the read logged."""
    order = evidence.path.service_order
    service_order_access_record(
        user=user, order=order, action=AccessAction.DOWNLOAD, resource=resource, object_ref=f"evidence:{evidence.pk}"
    )
    try:
        handle = open(evidence_storage.storage_path(evidence.storage_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence_storage.safe_filename(
            evidence.original_name, evidence_storage.extension_for(evidence.content_type)
        ),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def evidence_download_page(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(evidence_file_list(actor=actor_for(request.user)), pk=pk)
    return evidence_file_response(user=request.user, evidence=evidence, resource="page:evidence-download")
