"""Payroll pages: the list of batches with a create form, a batch's reconciliation, and its downloads."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.period_fields import PeriodFormField
from core.periods import Period
from reporting.jobs.inputs import payroll_batch_parameters
from reporting.jobs.models import JobKind
from reporting.jobs.services import job_start
from reporting.payroll.downloads import payroll_file_response
from reporting.payroll.exporters import reconciliation_rows
from reporting.payroll.permissions import require_payroll_clerk
from reporting.payroll.selectors import payroll_batch_list
from suppliers.access import actor_for
from suppliers.models import Provider
from suppliers.selectors import provider_list


class PayrollBatchForm(forms.Form):
    period = PeriodFormField(label=gettext_lazy("Month (YYYY-MM)"))
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Only this provider"), queryset=Provider.objects.none(), required=False
    )


@login_required
def payroll_batch_list_page(request: HttpRequest) -> HttpResponse:
    require_payroll_clerk(actor_for(request.user))
    actor = actor_for(request.user)
    form = PayrollBatchForm(request.POST or None, initial={"period": Period.last_complete(timezone.localdate())})
    form.fields["provider"].queryset = provider_list(actor=actor)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        # The batch is made by a background job (inline when no worker is configured): the clerk follows it on
        # the job's page, which links to the batch once it is made or says why none was.
        parameters = payroll_batch_parameters(
            actor=actor,
            period=form.cleaned_data["period"],
            provider=form.cleaned_data.get("provider"),
            format_name=None,
        )
        job = job_start(user=request.user, kind=JobKind.PAYROLL_BATCH, parameters=parameters)
        return redirect("job-detail", pk=job.pk)
    batches = payroll_batch_list(actor=actor)[:100]
    return render(request, "reporting/payroll_list.html", {"form": form, "batches": batches})


@login_required
def payroll_batch_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_payroll_clerk(actor_for(request.user))
    batch = get_object_or_404(payroll_batch_list(actor=actor_for(request.user)), pk=pk)
    return render(
        request, "reporting/payroll_detail.html", {"batch": batch, "reconciliation": reconciliation_rows(batch)}
    )


@login_required
def payroll_batch_download_page(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    require_payroll_clerk(actor_for(request.user))
    batch = get_object_or_404(payroll_batch_list(actor=actor_for(request.user)), pk=pk)
    return payroll_file_response(user=request.user, batch=batch, kind=kind, resource=f"page:payroll-{kind}")
