from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import WARNING, FindingData, rule
from reporting.validation.rules._words import product_words


@rule(
    "youth_over_age",
    WARNING,
    fi="Asiakas on kuukauden alussa {age}-vuotias, mutta nuorten palvelu on alle {limit}-vuotiaille ({product_fi}). "
    "Kirjoita syy.",
    sv="Klienten är {age} år i början av månaden, men ungdomstjänsten är avsedd för personer under {limit} år "
    "({product_sv}). Ange en orsak.",
    en="The client is {age} on the first of the month, but the youth service is for people under {limit} "
    "({product_en}). Give a reason.",
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
