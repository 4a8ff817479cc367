from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import EntryData, ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import product_words
from reporting.validation.severity import Severity


@rule(
    "duplicate_client_product",
    Severity.ERROR,
    _(
        "The client is reported twice for the same product (%(product)s) this month; "
        "enter the month's service on one service order."
    ),
)
def duplicate_client_product(ctx: ReportContext) -> Iterator[FindingData]:
    """A client with two orders for the same product in the month (one ending, the next starting) gets two
    entries; only entries that report something count, so the provider can put the month on one of them."""
    first_seen: dict[tuple[int, int], EntryData] = {}
    for item in ctx.entries:
        if item.entry.units_delivered <= 0 and not item.days:
            continue
        key = (item.order.client_id, item.product.pk)
        if key not in first_seen:
            first_seen[key] = item
            continue
        yield duplicate_client_product.finding(
            entry_id=item.id,
            field="service_order",
            other_entry=first_seen[key].id,
            **product_words("product", item.product),
        )
