from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from guardian.admin import GuardedModelAdmin

from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    EmploymentPath,
    EmploymentPathGoal,
    EmploymentPathProgress,
    EvidenceFile,
    Goal,
    OrderingUnit,
    Procurement,
    Product,
    QualityOfLifeAssessment,
    ServiceOrder,
    UnitBudget,
    WorkShareRate,
)
from suppliers.admin import ClientDataAdminMixin


@admin.register(Procurement)
class ProcurementAdmin(admin.ModelAdmin):
    list_display = ["reference", "name_fi", "starts_on", "ends_on"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_fi",
        "category",
        "unit",
        "purchase_kind",
        "earns_work_share",
        "is_youth",
        "is_housing",
    ]
    list_filter = ["category", "purchase_kind", "earns_work_share", "is_youth", "is_housing"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]


class UnitBudgetInline(admin.TabularInline):
    model = UnitBudget
    extra = 0


@admin.register(OrderingUnit)
class OrderingUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "may_order_tendered"]
    filter_horizontal = ["members"]
    inlines = [UnitBudgetInline]


class ContractLinePriceInline(admin.TabularInline):
    model = ContractLinePrice
    extra = 0


@admin.register(ContractLine)
class ContractLineAdmin(admin.ModelAdmin):
    list_display = ["contract", "product", "capacity"]
    list_select_related = ["contract", "product"]
    inlines = [ContractLinePriceInline]
    search_fields = ["contract__number", "product__code"]


class ContractLineInline(admin.TabularInline):
    model = ContractLine
    extra = 0
    show_change_link = True


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "provider", "purchase_kind", "starts_on", "ends_on"]
    list_filter = ["purchase_kind"]
    list_select_related = ["provider"]
    search_fields = ["number", "title", "provider__name"]
    autocomplete_fields = ["provider"]
    inlines = [ContractLineInline]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ClientDataAdminMixin, GuardedModelAdmin):  # type: ignore[misc]  # guardian vs. stubs
    list_display = ["decision_number", "provider", "ordering_unit", "starts_on", "ends_on"]
    list_select_related = ["provider", "ordering_unit"]
    list_filter = ["ordering_unit"]
    search_fields = ["decision_number"]
    raw_id_fields = ["client", "contract_line", "responsible_worker", "created_by"]
    readonly_fields = ["provider", "version"]
    inlines = [GoalInline]

    # guardian's object-permission pages show the order too: they are logged like its change page.
    def obj_perms_manage_view(self, request: HttpRequest, object_pk: str) -> HttpResponse:
        response = super().obj_perms_manage_view(request, object_pk)
        self._record_object_view(request, response, object_pk, "permissions")
        return response

    def obj_perms_manage_user_view(self, request: HttpRequest, object_pk: str, user_id: str) -> HttpResponse:
        response = super().obj_perms_manage_user_view(request, object_pk, user_id)
        self._record_object_view(request, response, object_pk, "permissions_manage_user")
        return response

    def obj_perms_manage_group_view(self, request: HttpRequest, object_pk: str, group_id: str) -> HttpResponse:
        response = super().obj_perms_manage_group_view(request, object_pk, group_id)
        self._record_object_view(request, response, object_pk, "permissions_manage_group")
        return response


@admin.register(WorkShareRate)
class WorkShareRateAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "amount_per_hour", "decision_reference"]


class ReadOnlyAdminMixin:
    """Shown to administrators, changed only through the portal's services: their rules (the path's states,
    who verifies, evidence checks) live there, and the admin would bypass them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QualityOfLifeAssessment)
class QualityOfLifeAssessmentAdmin(ReadOnlyAdminMixin, ClientDataAdminMixin, admin.ModelAdmin):
    client_id_field = "service_order.client_id"
    list_display = ["service_order", "kind", "assessed_on", "score"]
    list_select_related = ["service_order"]
    list_filter = ["kind"]


class EmploymentPathGoalInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EmploymentPathGoal
    fields = readonly_fields = ("description", "achieved", "created_at")


class EmploymentPathProgressInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EmploymentPathProgress
    fields = readonly_fields = ("period", "narrative", "recorded_at")


class EvidenceFileInline(ReadOnlyAdminMixin, admin.TabularInline):
    # Metadata only: the file itself is downloaded through the portal, which checks access and logs it.
    model = EvidenceFile
    fields = readonly_fields = ("original_name", "content_type", "size", "sha256", "description", "uploaded_at")


@admin.register(EmploymentPath)
class EmploymentPathAdmin(ReadOnlyAdminMixin, ClientDataAdminMixin, admin.ModelAdmin):
    client_id_field = "service_order.client_id"
    list_display = ["service_order", "state", "starts_on", "ends_on", "outcome"]
    list_select_related = ["service_order"]
    list_filter = ["state", "outcome"]
    inlines = [EmploymentPathGoalInline, EmploymentPathProgressInline, EvidenceFileInline]
