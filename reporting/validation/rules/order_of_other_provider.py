from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule


@rule(
    "order_of_other_provider",
    ERROR,
    fi="Palvelupäätös {decision} on annettu toiselle palveluntuottajalle, eikä sitä voi raportoida tässä raportissa.",
    sv="Servicebeslutet {decision} gäller en annan serviceproducent och kan inte rapporteras i den här rapporten.",
    en="Service order {decision} was given to another provider and cannot be reported in this report.",
)
def order_of_other_provider(ctx: ReportContext) -> Iterator[FindingData]:
    """Only an order of this provider covers what it reports (the API cannot pick another's order; an import
    or a data fix could)."""
    for item in ctx.entries:
        if item.order.provider_id != ctx.report.provider_id:
            yield order_of_other_provider.finding(
                entry_id=item.id, field="service_order", decision=item.order.decision_number
            )
