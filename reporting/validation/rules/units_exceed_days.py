from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from contracts.models import ProductUnit
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import number_text
from reporting.validation.severity import Severity


@rule(
    "units_exceed_days",
    Severity.ERROR,
    _("%(units)s units are entered, but the service order runs on only %(days)s days of this month."),
    formats={"units": number_text},
)
def units_exceed_days(ctx: ReportContext) -> Iterator[FindingData]:
    """Day and night products: at most one unit per day the order runs in the month."""
    for item in ctx.entries:
        if item.product.unit not in (ProductUnit.DAY, ProductUnit.NIGHT):
            continue
        span = ctx.order_span(item)
        days = (span[1] - span[0]).days + 1 if span else 0
        units = item.entry.units_delivered
        if units > days:
            yield units_exceed_days.finding(entry_id=item.id, field="units_delivered", days=days, units=units)
