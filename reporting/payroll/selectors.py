from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import PayrollBatch
from suppliers.access import Actor


def payroll_batch_list(*, actor: Actor) -> QuerySet[PayrollBatch]:
    """Only the payroll role sees batches: they hold full identity codes and account numbers."""
    queryset = PayrollBatch.objects.select_related("provider", "created_by", "payroll_format")
    if actor.is_superuser or actor.has_role("payroll_clerk"):
        return queryset
    return queryset.none()
