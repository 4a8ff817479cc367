from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from suppliers.models import Client, ClientAccessLog, Provider, ProviderMembership


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


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    # No search on the identity code: the admin searches with GET, which would put the code in a URL.
    list_display = ["last_name", "first_name", "masked_identity_code", "language"]
    search_fields = ["last_name", "first_name"]
    exclude = ["identity_code"]
    readonly_fields = ["masked_identity_code"]

    @admin.display(description=_("personal identity code"))
    def masked_identity_code(self, client: Client) -> str:
        return client.identity_code_masked

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Clients are created with their first service order, through the service that validates the code.
        return False


@admin.register(ClientAccessLog)
class ClientAccessLogAdmin(admin.ModelAdmin):
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
