"""Pages and API views of the completeness part of monitoring: the provider × month matrix and its rates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.periods import Period
from reporting.monitoring.access import require_monitor
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.completeness.selectors import (
    MAX_MONTHS,
    completeness_dashboard,
    default_window,
    periods_between,
)
from reporting.monitoring.tables import dashboard_json
from reporting.monitoring.views import dashboard_page, wants_xlsx
from suppliers.access import actor_for
from suppliers.models import Provider

_PERIOD_REGEX = r"^\d{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class Filters:
    first: Period
    last: Period
    provider_id: int | None = None
    contract_id: int | None = None


def _window(first: str | None, last: str | None) -> tuple[Period, Period]:
    """The months asked for; either end left out falls back to the default window (12 months due)."""
    default_first, default_last = default_window(timezone.localdate())
    last_period = Period.parse(last) if last else default_last
    first_period = Period.parse(first) if first else (default_first if not last else _back(last_period, 11))
    if last_period < first_period:
        raise ValidationError(_("The first month must not be after the last."), code="window_reversed")
    if len(periods_between(first_period, last_period)) > MAX_MONTHS:
        raise ValidationError(_("Choose at most %(count)d months.") % {"count": MAX_MONTHS}, code="window_too_long")
    return first_period, last_period


def _back(period: Period, months: int) -> Period:
    for _step in range(months):
        period = period.previous()
    return period


class CompletenessFilterForm(forms.Form):
    first = forms.RegexField(label=gettext_lazy("From (YYYY-MM)"), regex=_PERIOD_REGEX, required=False)
    last = forms.RegexField(label=gettext_lazy("To (YYYY-MM)"), regex=_PERIOD_REGEX, required=False)
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"),
        queryset=Provider.objects.order_by("name", "id"),
        required=False,
        empty_label=gettext_lazy("All providers"),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["first"].widget.attrs["placeholder"] = "2026-01"
        self.fields["last"].widget.attrs["placeholder"] = "2026-12"

    def add_prefix(self, field_name: str) -> str:
        # The URL says ?from=…&to=… (the API's names); `from` is a Python keyword, so the fields are renamed.
        return {"first": "from", "last": "to"}.get(field_name, field_name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "first" in cleaned and "last" in cleaned:
            try:
                _window(cleaned["first"] or None, cleaned["last"] or None)
            except ValidationError as exc:
                raise ValidationError({"last": exc.messages}) from exc
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters, or the defaults where a field is empty or wrong (its error is shown)."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        first, last = _window(cleaned.get("first") or None, cleaned.get("last") or None)
        provider = cleaned.get("provider")
        return Filters(first, last, provider.pk if provider is not None else None)


@login_required
def completeness_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = CompletenessFilterForm(request.GET if request.GET else None)
    filters = form.filters() if form.is_bound else Filters(*default_window(timezone.localdate()))
    dashboard = completeness_dashboard(
        actor=actor, first=filters.first, last=filters.last, provider_id=filters.provider_id
    )
    if filters.provider_id is None and not wants_xlsx(request):
        # A row per provider and month is thousands of rows for the whole city: too long to read on a page
        # (and to render). The page keeps the matrix; the table comes with a provider, and in the Excel file.
        dashboard = replace(
            dashboard,
            tables=[table for table in dashboard.tables if table.slug != "provider-months"],
            notes=[
                *dashboard.notes,
                _(
                    "Choose a provider to see its reports month by month with links to them; the Excel "
                    "download has that table for every provider."
                ),
            ],
        )
    return dashboard_page(
        request,
        dashboard,
        filename=f"completeness-{filters.first}-{filters.last}",
        context={"filter_form": form},
    )


class CompletenessApi(APIView):
    """The completeness and timeliness dashboard: expected, submitted, on-time, returned and approved
    reports per provider and month, rates per month, totals per provider (see the definitions in the
    README). `from` and `to` are months (YYYY-MM); by default the last twelve months whose reports are due."""

    class FilterSerializer(serializers.Serializer):
        # "from" is a keyword: the field is declared under its public name below.
        to = serializers.RegexField(_PERIOD_REGEX, required=False)
        provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all(), required=False)
        contract = serializers.IntegerField(required=False, min_value=1)

        def get_fields(self) -> dict[str, serializers.Field]:
            fields = super().get_fields()
            fields["from"] = serializers.RegexField(_PERIOD_REGEX, required=False)
            return fields

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            try:
                attrs["window"] = _window(attrs.get("from"), attrs.get("to"))
            except ValidationError as exc:
                raise serializers.ValidationError({"to": exc.messages}) from exc
            return attrs

    @extend_schema(
        operation_id="monitoring_completeness",
        parameters=[
            OpenApiParameter("from", str, description="First month, YYYY-MM."),
            OpenApiParameter("to", str, description="Last month, YYYY-MM."),
            OpenApiParameter("provider", int, description="One provider's id."),
            OpenApiParameter("contract", int, description="One contract's id."),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_for(request.user)
        require_monitor(actor)
        serializer = self.FilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        first, last = serializer.validated_data["window"]
        provider = serializer.validated_data.get("provider")
        dashboard = completeness_dashboard(
            actor=actor,
            first=first,
            last=last,
            provider_id=provider.pk if provider is not None else None,
            contract_id=serializer.validated_data.get("contract"),
        )
        return Response(dashboard_json(dashboard))


# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/completeness/", completeness_page, name="monitoring-completeness"),
]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/completeness/", CompletenessApi.as_view(), name="monitoring-completeness"),
]
