from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import product_words
from reporting.validation.severity import Severity


@rule(
    "youth_over_age",
    Severity.WARNING,
    _(
        "The client is %(age)s on the first of the month, but the youth service is for people under %(limit)s "
        "(%(product)s). Give a reason."
    ),
)
def youth_over_age(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        product = item.product
        if not product.is_youth or product.youth_age_limit is None:
            continue
        age = item.order.client.age_on(ctx.first_day)
        if age >= product.youth_age_limit:
            yield youth_over_age.finding(
                entry_id=item.id,
                field="service_order",
                age=age,
                limit=product.youth_age_limit,
                **product_words("product", product),
            )
