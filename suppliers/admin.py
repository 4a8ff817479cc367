from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from suppliers.models import (
    AccessAction,
    ApiToken,
    Client,
    ClientAccessLog,
    Provider,
    ProviderMembership,
    StaffEvent,
    UserPreference,
)
from suppliers.services import client_access_record


class ClientDataAdminMixin:
    """For admins of models that show client data: every page that shows rows records them in the access
    log through client_access_record, like the portal's own pages and API (docs §11)."""

    # The attribute of a row that names its client; dotted through a relation ("service_order.client_id"),
    # which the admin then selects with the rows (list_select_related), so listing stays one query.
    client_id_field = "client_id"

    model: type[Model]

    def _record(self, request: HttpRequest, rows: Iterable[Any], action: str, view: str, object_ref: str = "") -> None:
        opts = self.model._meta
        client_access_record(
            user=request.user,
            client_ids=[attrgetter(self.client_id_field)(row) for row in rows],
            action=action,
            resource=f"admin:{opts.app_label}_{opts.model_name}_{view}",
            object_ref=object_ref,
        )

    def _record_object_view(self, request: HttpRequest, response: HttpResponse, object_id: str, view: str) -> None:
        if response.status_code != 200:
            return
        rows = self.model._default_manager.filter(pk=unquote(object_id))
        self._record(request, rows, AccessAction.VIEW, view, f"{self.model._meta.model_name}:{object_id}")

    def get_search_fields(self, request: HttpRequest) -> Any:
        # The admin's autocomplete endpoint would list these rows by name for any foreign key pointing at
        # them, with no access log; no admin form here uses it for them (raw ids), so it stays closed.
        if request.resolver_match is not None and request.resolver_match.url_name == "autocomplete":
            return ()
        return super().get_search_fields(request)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        context = getattr(response, "context_data", None) or {}
        # The list itself, or an action's confirmation page (delete selected) listing the chosen rows.
        rows = context["cl"].result_list if "cl" in context else context.get("queryset")
        if response.status_code == 200 and rows is not None:
            self._record(request, rows, AccessAction.LIST, "changelist")
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        self._record_object_view(request, response, object_id, "change")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)  # type: ignore[misc]
        self._record_object_view(request, response, object_id, "history")
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        self._record_object_view(request, response, object_id, "delete")
        return response

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, [obj], AccessAction.CREATE, "add", f"{self.model._meta.model_name}:{obj.pk}")
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, [obj], AccessAction.UPDATE, "change", f"{self.model._meta.model_name}:{obj.pk}")
        return super().log_change(request, obj, message)  # type: ignore[misc]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "business_id", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "business_id"]


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "role", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["provider"]
    raw_id_fields = ["user"]


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    """Where an administrator sets the language of a user's e-mail (users set it by switching language)."""

    list_display = ["user", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Client)
class ClientAdmin(ClientDataAdminMixin, admin.ModelAdmin):
    # No search on the identity code: the admin searches with GET, which would put the code in a URL.
    list_display = ["last_name", "first_name", "masked_identity_code", "language"]
    search_fields = ["last_name", "first_name"]
    exclude = ["identity_code"]
    readonly_fields = ["masked_identity_code"]

    client_id_field = "pk"

    @admin.display(description=_("personal identity code"))
    def masked_identity_code(self, client: Client) -> str:
        return client.identity_code_masked

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Clients are created with their first service order, through the service that validates the code.
        return False


@admin.register(ClientAccessLog)
class ClientAccessLogAdmin(ClientDataAdminMixin, admin.ModelAdmin):
    # The log names clients, so reading it is itself an access to client data and is logged too.
    list_display = ["at", "user", "client", "action", "resource", "object_ref"]
    list_filter = ["action"]
    date_hierarchy = "at"
    raw_id_fields = ["user", "client"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(_ReadOnlyAdmin):
    """The city sees every API token (never a key or its digest). Tokens are issued and revoked through the
    services (provider admins' pages, `manage.py issue_api_token`), which record each as a staff event."""

    list_display = ["name", "user", "provider", "created", "expiry", "last_used_at"]
    list_filter = ["provider"]
    fields = ("name", "user", "provider", "created_by", "created", "expiry", "last_used_at")
    readonly_fields = ("name", "user", "provider", "created_by", "created", "expiry", "last_used_at")


@admin.register(StaffEvent)
class StaffEventAdmin(_ReadOnlyAdmin):
    """Provider self-administration as the city sees it: who invited, changed, deactivated whom, and which
    API tokens were issued and revoked."""

    list_display = ["at", "provider", "actor", "kind", "subject", "token_name", "from_value", "to_value"]
    list_filter = ["kind", "provider"]
    date_hierarchy = "at"
