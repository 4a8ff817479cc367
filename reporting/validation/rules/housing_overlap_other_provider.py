from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text, product_words
from reporting.validation.severity import Severity


@rule(
    "housing_overlap_other_provider",
    Severity.CITY_WARNING,
    _(
        "From %(first)s to %(last)s the client is also in housing with another provider (%(provider)s) at the "
        "same time: %(product)s."
    ),
    formats={"first": date_text, "last": date_text},
)
def housing_overlap_other_provider(ctx: ReportContext) -> Iterator[FindingData]:
    """Only the city sees other providers' orders, so only the city is told; points at the first shared day."""
    for item in ctx.entries:
        if not item.product.is_housing:
            continue
        span = ctx.order_span(item)
        if span is None:
            continue
        for other in ctx.housing_orders_by_client.get(item.order.client_id, []):
            if other.pk == item.order.pk or other.provider_id == ctx.report.provider_id:
                continue
            first, last = max(span[0], other.starts_on), min(span[1], other.ends_on)
            if first <= last:
                yield housing_overlap_other_provider.finding(
                    entry_id=item.id,
                    date=first,
                    field="service_order",
                    other_order=other.pk,
                    provider=other.provider.name,
                    first=first,
                    last=last,
                    **product_words("product", other.contract_line.product),
                )
