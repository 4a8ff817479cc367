"""Self-evaluations in the admin, for administrators who must correct one; they hold no client data.

Comments and events are shown, not written here: they are written by the services, with who and when.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import SelfEvaluation, SelfEvaluationComment, SelfEvaluationEvent


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SelfEvaluationCommentInline(_ReadOnlyInline):
    model = SelfEvaluationComment
    readonly_fields = ["author", "at"]


class SelfEvaluationEventInline(_ReadOnlyInline):
    model = SelfEvaluationEvent
    readonly_fields = ["actor", "at", "from_state", "to_state"]


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(admin.ModelAdmin):
    list_display = ["provider", "contract", "kind", "year", "quarter", "state", "submitted_at"]
    list_filter = ["state", "kind", "year"]
    search_fields = ["provider__name", "contract__number"]
    autocomplete_fields = ["provider", "contract"]
    readonly_fields = ["state", "created_by", "created_at", "submitted_by", "submitted_at", "version"]
    inlines = [SelfEvaluationCommentInline, SelfEvaluationEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The provider writes its evaluations in the portal; the admin only corrects them.
        return False
