from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words, product_words


@rule(
    "product_not_on_price_list",
    ERROR,
    fi="Sopimuksen hinnastossa ei ole hintaa päivälle {day_fi}: {product_fi}.",
    sv="Avtalets prislista har inget pris för {day_sv}: {product_sv}.",
    en="The contract's price list has no price for {day_en}: {product_en}.",
)
def product_not_on_price_list(ctx: ReportContext) -> Iterator[FindingData]:
    """The order's contract line is a line of this contract and priced on every day the order runs in the
    month; the finding points at the first day without a price."""
    for item in ctx.entries:
        first, last = ctx.order_span(item) or (ctx.first_day, ctx.last_day)
        line_id = item.order.contract_line_id
        unpriced = first if line_id not in ctx.lines else ctx.first_unpriced_day(line_id, first, last)
        if unpriced is not None:
            yield product_not_on_price_list.finding(
                entry_id=item.id,
                date=unpriced,
                field="service_order",
                **product_words("product", item.product),
                **date_words("day", unpriced),
            )
