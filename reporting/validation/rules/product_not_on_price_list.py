from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text, product_words
from reporting.validation.severity import Severity


@rule(
    "product_not_on_price_list",
    Severity.ERROR,
    _("The contract's price list has no price for %(day)s: %(product)s."),
    formats={"day": date_text},
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
                day=unpriced,
            )
