from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError as ApiValidationError

from core.periods import Period
from reporting.models import EvaluationPeriodKind, Report, ReportState, SelfEvaluation, SelfEvaluationState


class ReportFilter(filters.FilterSet):
    period = filters.CharFilter(method="filter_period", help_text="Calendar month, YYYY-MM.")
    provider = filters.NumberFilter(field_name="provider_id")
    contract = filters.NumberFilter(field_name="contract_id")
    state = filters.ChoiceFilter(choices=ReportState.choices)
    current = filters.BooleanFilter(field_name="is_current")

    class Meta:
        model = Report
        fields = ["period", "provider", "contract", "state", "current"]

    def filter_period(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        try:
            period = Period.parse(value)
        except ValidationError as exc:
            raise ApiValidationError({"period": exc.messages}) from exc
        return queryset.filter(period=str(period))


class SelfEvaluationFilter(filters.FilterSet):
    provider = filters.NumberFilter(field_name="provider_id")
    contract = filters.NumberFilter(field_name="contract_id")
    all_contracts = filters.BooleanFilter(
        field_name="contract", lookup_expr="isnull", help_text="true: only evaluations of all contracts together."
    )
    year = filters.NumberFilter()
    kind = filters.ChoiceFilter(choices=EvaluationPeriodKind.choices)
    state = filters.ChoiceFilter(choices=SelfEvaluationState.choices)

    class Meta:
        model = SelfEvaluation
        fields = ["provider", "contract", "all_contracts", "year", "kind", "state"]
