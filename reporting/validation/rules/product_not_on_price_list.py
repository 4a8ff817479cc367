import datetime
from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words, product_words


@rule(
    "product_not_on_price_list",
    ERROR,
    fi="Tuotteella {product_fi} ei ole sopimuksen hinnastossa hintaa päivälle {day_fi}.",
    sv="Produkten {product_sv} har inget pris i avtalets prislista för {day_sv}.",
    en="{product_en} has no price on the contract's price list for {day_en}.",
)
def product_not_on_price_list(ctx: ReportContext) -> Iterator[FindingData]:
    """The order's contract line is a line of this contract and priced on every day the order runs in the
    month; the finding points at the first day without a price."""
    for item in ctx.entries:
        first, last = ctx.order_span(item) or (ctx.first_day, ctx.last_day)
        line = ctx.lines.get(item.order.contract_line_id)
        unpriced: datetime.date | None = first if line is None else None
        day = first
        while line is not None and day <= last:
            if line.price_on(day) is None:
                unpriced = day
                break
            day += datetime.timedelta(days=1)
        if unpriced is not None:
            yield product_not_on_price_list.finding(
                entry_id=item.id,
                date=unpriced,
                field="service_order",
                **product_words("product", item.product),
                **date_words("day", unpriced),
            )
