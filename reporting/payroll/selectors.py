from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import PayrollBatch
from reporting.payroll.permissions import may_make_payroll_batch
from suppliers.access import Actor


def payroll_batch_list(*, actor: Actor) -> QuerySet[PayrollBatch]:
    """Only the payroll role sees batches: they hold full identity codes and account numbers."""
    queryset = PayrollBatch.objects.select_related("provider", "created_by", "payroll_format")
    if may_make_payroll_batch(actor):
        return queryset
    return queryset.none()
