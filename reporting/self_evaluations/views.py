"""Pages of the provider's self-evaluation: the list, a new one, and one to read, edit, submit or comment.

The provider's staff write and submit; the city's contract monitors and administrators read the submitted
ones and comment. API views are in apis.py; both are routed by urls.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from contracts.models import Contract
from contracts.selectors import contract_list
from core.errors import DomainError
from reporting.models import SelfEvaluation
from reporting.self_evaluations.forms import CommentForm, SelfEvaluationFilterForm, SelfEvaluationForm
from reporting.self_evaluations.narrative import evaluation_paragraphs, evaluation_title
from reporting.self_evaluations.permissions import (
    may_comment_self_evaluation,
    may_edit_self_evaluation,
    may_write_self_evaluations,
    require_self_evaluation_reader,
    require_self_evaluation_writer,
)
from reporting.self_evaluations.selectors import (
    self_evaluation_detail_list,
    self_evaluation_filter,
    self_evaluation_list,
)
from reporting.self_evaluations.services import (
    CONTENT_FIELDS,
    PERIOD_FIELDS,
    self_evaluation_comment_add,
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from suppliers.access import Actor, actor_for
from suppliers.models import Provider


def _form_choices(actor: Actor) -> dict[str, QuerySet[Any]]:
    providers: QuerySet[Provider] = Provider.objects.filter(pk__in=actor.provider_ids).order_by("name")
    contracts: QuerySet[Contract] = contract_list(actor=actor).order_by("number")
    return {"providers": providers, "contracts": contracts}


def _add_errors(form: Form, exc: ValidationError | DomainError) -> None:
    """A service's refusal onto the form: per field where it names one, otherwise at the top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, getattr(exc, "messages", None) or str(getattr(exc, "detail", exc)))


@login_required
def self_evaluation_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_self_evaluation_reader(actor)
    providers = None if actor.is_provider_user else Provider.objects.order_by("name")
    form = SelfEvaluationFilterForm(request.GET or None, providers=providers)
    evaluations = self_evaluation_list(actor=actor)
    if form.is_valid():
        provider = form.cleaned_data.get("provider")
        evaluations = self_evaluation_filter(
            evaluations,
            provider_id=provider.pk if provider else None,
            year=form.cleaned_data["year"],
            kind=form.cleaned_data["kind"],
            state=form.cleaned_data["state"],
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/monitoring/self_evaluation_list.html",
        {
            "form": form,
            "page": Paginator(evaluations, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "may_write": may_write_self_evaluations(actor),
        },
    )


@login_required
def self_evaluation_create_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_self_evaluation_writer(actor)
    form = SelfEvaluationForm(request.POST or None, **_form_choices(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = self_evaluation_create(
                user=request.user,
                provider=data["provider"],
                contract=data["contract"],
                kind=data["kind"],
                year=data["year"],
                quarter=data["quarter"],
                **{name: data[name] for name in CONTENT_FIELDS},
            )
        except (ValidationError, DomainError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The self-evaluation was saved as a draft."))
            return redirect("self-evaluation-detail", pk=evaluation.pk)
    return render(request, "reporting/monitoring/self_evaluation_form.html", {"form": form, "evaluation": None})


def _save_and_maybe_submit(request: HttpRequest, evaluation: SelfEvaluation, form: SelfEvaluationForm) -> bool:
    """Save the form; with the submit button, then submit. The text is kept even when submitting fails."""
    data = form.cleaned_data
    try:
        evaluation = self_evaluation_update(
            user=request.user,
            evaluation=evaluation,
            version=data["version"] or 0,
            **{name: data[name] for name in (*PERIOD_FIELDS, *CONTENT_FIELDS)},
        )
    except (ValidationError, DomainError) as exc:
        _add_errors(form, exc)
        return False
    if request.POST.get("action") != "submit":
        messages.success(request, _("The self-evaluation was saved."))
        return True
    try:
        self_evaluation_submit(user=request.user, evaluation=evaluation)
    except (ValidationError, DomainError) as exc:
        # Saved, so the form continues from the new version.
        data = request.POST.copy()
        data["version"] = str(evaluation.version)
        form.data = data
        form.add_error(None, _("Your changes were saved, but the self-evaluation was not submitted."))
        _add_errors(form, exc)
        return False
    messages.success(request, _("The self-evaluation was submitted to the city."))
    return True


@login_required
def self_evaluation_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    require_self_evaluation_reader(actor)
    evaluation = get_object_or_404(self_evaluation_detail_list(actor=actor), pk=pk)
    may_edit = may_edit_self_evaluation(actor, evaluation)
    may_comment = may_comment_self_evaluation(actor, evaluation)
    form: SelfEvaluationForm | None = None
    comment_form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "comment":
            if not may_comment:
                raise PermissionDenied(_("Only the city's contract monitors and administrators comment."))
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                try:
                    self_evaluation_comment_add(
                        user=request.user, evaluation=evaluation, text=comment_form.cleaned_data["text"]
                    )
                except (ValidationError, DomainError) as exc:
                    _add_errors(comment_form, exc)
                else:
                    messages.success(request, _("Your comment was added."))
                    return redirect("self-evaluation-detail", pk=evaluation.pk)
        elif action in ("save", "submit"):
            require_self_evaluation_writer(actor)
            if not evaluation.is_editable:
                messages.error(request, _("The self-evaluation has been submitted and can no longer be changed."))
                return redirect("self-evaluation-detail", pk=evaluation.pk)
            form = SelfEvaluationForm(request.POST, **_form_choices(actor))
            if form.is_valid() and _save_and_maybe_submit(request, evaluation, form):
                return redirect("self-evaluation-detail", pk=evaluation.pk)
    if may_edit and form is None:
        initial = {name: getattr(evaluation, name) for name in (*PERIOD_FIELDS, *CONTENT_FIELDS)}
        initial.update(provider=evaluation.provider_id, version=evaluation.version)
        form = SelfEvaluationForm(initial=initial, **_form_choices(actor))
    return render(
        request,
        "reporting/monitoring/self_evaluation_detail.html",
        {
            "evaluation": evaluation,
            "title": evaluation_title(evaluation),
            "paragraphs": evaluation_paragraphs(evaluation),
            "form": form if may_edit else None,
            "comment_form": comment_form if may_comment else None,
        },
    )
