from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from contracts.models import Contract, Product, ServiceOrder
from contracts.selectors import service_order_filter_period
from core.filters import IdFilter
from core.period_api import PeriodFilter
from core.periods import Period


class ServiceOrderFilter(filters.FilterSet):
    period = PeriodFilter(
        method="filter_period",
        label=_("period"),
        help_text=_("Calendar month, YYYY-MM: orders active on at least one of its days."),
    )
    provider = IdFilter(field_name="provider_id")
    client = IdFilter(field_name="client_id")
    ordering_unit = IdFilter(field_name="ordering_unit_id")
    contract = IdFilter(field_name="contract_line__contract_id")
    product = filters.CharFilter(field_name="contract_line__product__code")
    active_on = filters.DateFilter(method="filter_active_on", label=_("active on"))

    class Meta:
        model = ServiceOrder
        fields = ["period", "provider", "client", "ordering_unit", "contract", "product", "active_on"]

    def filter_period(self, queryset: QuerySet[ServiceOrder], name: str, value: Period) -> QuerySet[ServiceOrder]:
        return service_order_filter_period(queryset, value)

    def filter_active_on(self, queryset: QuerySet[ServiceOrder], name: str, value: object) -> QuerySet[ServiceOrder]:
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class ContractFilter(filters.FilterSet):
    provider = IdFilter(field_name="provider_id")
    active_on = filters.DateFilter(method="filter_active_on", label=_("active on"))

    class Meta:
        model = Contract
        fields = ["provider", "purchase_kind", "active_on"]

    def filter_active_on(self, queryset: QuerySet[Contract], name: str, value: object) -> QuerySet[Contract]:
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class ProductFilter(filters.FilterSet):
    class Meta:
        model = Product
        fields = ["category", "purchase_kind", "earns_work_share", "is_youth", "is_housing", "is_active"]
