"""The administrator's side: reset a user's second factor (a lost phone), read the security events.

Unlocking a locked-out sign-in is axes' own admin (Access attempts: delete) or `manage.py axes_reset_username`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ProviderTwoFactorPolicy, SecurityEvent
from accounts.permissions import may_reset_two_factor
from accounts.services import two_factor_devices_reset

User = get_user_model()


@admin.action(description=_("Reset two-factor authentication (the user sets it up again at next sign-in)"))
def reset_two_factor(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    if not may_reset_two_factor(request.user):
        modeladmin.message_user(request, _("You may not reset two-factor authentication."), messages.ERROR)
        return
    count = 0
    for user in queryset:
        two_factor_devices_reset(actor=request.user, user=user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor authentication reset for %(count)d user.",
            "Two-factor authentication reset for %(count)d users.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class PortalUserAdmin(UserAdmin):
    actions = [reset_two_factor]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "subject", "provider"]
    list_filter = ["action"]
    list_select_related = ["actor", "subject", "provider"]


@admin.register(ProviderTwoFactorPolicy)
class ProviderTwoFactorPolicyAdmin(ReadOnlyAdmin):
    list_display = ["provider", "requires_two_factor", "updated_at", "updated_by"]
    list_select_related = ["provider", "updated_by"]
