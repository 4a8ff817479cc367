"""The workbook on the report's page: the download, and an upload that shows its findings before applying."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.errors import DomainError
from reporting.excel.apis import template_response, upload_run
from reporting.excel.archive import UploadRefused, size_check
from reporting.models import Report
from reporting.selectors import report_list
from reporting.validation.presenter import finding_rows
from suppliers.access import actor_for
from suppliers.permissions import is_provider_member

SESSION_KEY = "excel-upload:{pk}"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


def _report(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(report_list(actor=actor_for(request.user)), pk=pk)


@login_required
def report_template_page(request: HttpRequest, pk: int) -> HttpResponse:
    return template_response(request, _report(request, pk), resource="page:report-template")


@login_required
def report_upload_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form. POST with a file: a preview (nothing changes; the file waits in the session).
    POST with `confirm`: the previewed file is applied."""
    report = _report(request, pk)
    actor = actor_for(request.user)
    if not is_provider_member(actor, report.provider_id):
        raise PermissionDenied
    key = SESSION_KEY.format(pk=report.pk)
    context: dict[str, Any] = {"report": report, "form": UploadForm()}
    if request.method == "POST" and "confirm" in request.POST:
        kept = request.session.get(key) or {}
        if not kept or kept.get("digest") != request.POST["confirm"]:
            messages.error(request, _("The previewed file is no longer available; choose it again."))
            return redirect("report-upload", pk=report.pk)
        try:
            result = upload_run(
                request, report, base64.b64decode(kept["data"]), dry_run=False, resource="page:report-upload"
            )
        except (DomainError, ValidationError, PermissionDenied) as exc:
            messages.error(request, _message(exc))
            return redirect("report-upload", pk=report.pk)
        request.session.pop(key, None)
        messages.success(
            request,
            _("The workbook was applied: %(changed)d clients changed, %(unchanged)d unchanged.")
            % {"changed": result.changed_entries, "unchanged": result.unchanged_entries},
        )
        return redirect("report-detail", pk=report.pk)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                size_check(upload.size)
                data = upload.read()
                result = upload_run(request, report, data, dry_run=True, resource="page:report-upload")
            except UploadRefused as exc:
                context.update(refused=str(exc.detail), problems=exc.findings)
            except (DomainError, ValidationError, PermissionDenied) as exc:
                context.update(refused=_message(exc), problems=[])
            else:
                digest = hashlib.sha256(data).hexdigest()
                request.session[key] = {"digest": digest, "data": base64.b64encode(data).decode()}
                findings = finding_rows(result.findings, city=actor.is_city_user, locate=result.locate)
                context.update(result=result, findings=findings, digest=digest, language=get_language())
    return render(request, "reporting/report_upload.html", context)


def _message(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc.detail)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do that.")
