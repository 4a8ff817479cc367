"""Self-evaluations and background jobs in the admin, for administrators; they hold no client data.

Comments and events are shown, not written here: they are written by the services, with who and when.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import Job, SelfEvaluation, SelfEvaluationComment, SelfEvaluationEvent


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


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs, read only: what ran, for whom, how it ended (the scheduler's reminder runs too). The
    result file and the ids of the clients it names are not shown: files are downloaded by their asker only."""

    list_display = ["id", "kind", "state", "created_by", "created_at", "finished_at", "attempts", "error_code"]
    list_filter = ["kind", "state"]
    fields = (
        "kind",
        "state",
        "progress",
        "created_by",
        "parameters",
        "summary",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
        "error_code",
        "error_detail",
        "payroll_batch",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
