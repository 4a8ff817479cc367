from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import CITY_WARNING, FindingData, rule
from reporting.validation.rules._words import date_words, product_words


@rule(
    "housing_overlap_other_provider",
    CITY_WARNING,
    fi="Asiakkaalla on ajalla {first_fi}–{last_fi} samanaikaisesti myös toisen palveluntuottajan ({provider}) "
    "asumispalvelu: {product_fi}.",
    sv="Klienten har under tiden {first_sv}–{last_sv} samtidigt också boende hos en annan serviceproducent "
    "({provider}): {product_sv}.",
    en="From {first_en} to {last_en} the client is also in housing with another provider ({provider}) at the "
    "same time: {product_en}.",
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
                    **date_words("first", first),
                    **date_words("last", last),
                    **product_words("product", other.contract_line.product),
                )
