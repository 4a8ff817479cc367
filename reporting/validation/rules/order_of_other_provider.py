from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.severity import Severity


@rule(
    "order_of_other_provider",
    Severity.ERROR,
    _("Service order %(decision)s was given to another provider and cannot be reported in this report."),
)
def order_of_other_provider(ctx: ReportContext) -> Iterator[FindingData]:
    """Only an order of this provider covers what it reports (the API cannot pick another's order; an import
    or a data fix could)."""
    for item in ctx.entries:
        if item.order.provider_id != ctx.report.provider_id:
            yield order_of_other_provider.finding(
                entry_id=item.id, field="service_order", decision=item.order.decision_number
            )
