from collections.abc import Iterator

from contracts.models import ProductUnit
from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import number_words


@rule(
    "units_exceed_days",
    ERROR,
    fi="Suoritteita on kirjattu {units_fi}, mutta palvelupäätöksen voimassaolopäiviä on tässä kuussa vain {days}.",
    sv="{units_sv} prestationer har angetts, men servicebeslutet gäller bara {days} dagar den här månaden.",
    en="{units_en} units are entered, but the service order runs on only {days} days of this month.",
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
            yield units_exceed_days.finding(
                entry_id=item.id, field="units_delivered", days=days, **number_words("units", units)
            )
