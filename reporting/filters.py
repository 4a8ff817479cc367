from __future__ import annotations

from django_filters import rest_framework as filters

from core.filters import IdFilter
from core.period_api import PeriodFilter
from core.periods import FIRST_YEAR
from reporting.models import (
    EvaluationPeriodKind,
    PayrollBatch,
    Report,
    ReportState,
    SelfEvaluation,
    SelfEvaluationState,
)


class ReportFilter(filters.FilterSet):
    period = PeriodFilter(help_text="Calendar month, YYYY-MM.")
    provider = IdFilter(field_name="provider_id")
    contract = IdFilter(field_name="contract_id")
    state = filters.ChoiceFilter(choices=ReportState.choices)
    current = filters.BooleanFilter(field_name="is_current")

    class Meta:
        model = Report
        fields = ["period", "provider", "contract", "state", "current"]


class PayrollBatchFilter(filters.FilterSet):
    period = PeriodFilter(help_text="Calendar month, YYYY-MM.")

    class Meta:
        model = PayrollBatch
        fields = ["period", "provider"]


class SelfEvaluationFilter(filters.FilterSet):
    provider = IdFilter(field_name="provider_id")
    contract = IdFilter(field_name="contract_id")
    all_contracts = filters.BooleanFilter(
        field_name="contract", lookup_expr="isnull", help_text="true: only evaluations of all contracts together."
    )
    year = filters.NumberFilter(min_value=FIRST_YEAR, max_value=9999)
    kind = filters.ChoiceFilter(choices=EvaluationPeriodKind.choices)
    state = filters.ChoiceFilter(choices=SelfEvaluationState.choices)

    class Meta:
        model = SelfEvaluation
        fields = ["provider", "contract", "all_contracts", "year", "kind", "state"]
