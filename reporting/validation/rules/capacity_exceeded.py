import datetime
from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import CITY_WARNING, FindingData, rule
from reporting.validation.rules._words import date_words, product_words


@rule(
    "capacity_exceeded",
    CITY_WARNING,
    fi="Sopimusrivin asiakaspaikkojen määrä on {capacity}, mutta {day_fi} voimassa olevia palvelupäätöksiä on "
    "{count} ({product_fi}).",
    sv="Antalet klientplatser på avtalsraden är {capacity}, men antalet servicebeslut som gäller {day_sv} är {count} "
    "({product_sv}).",
    en="The number of client places on the contract line is {capacity}, but the number of service orders running "
    "on {day_en} is {count} ({product_en}).",
)
def capacity_exceeded(ctx: ReportContext) -> Iterator[FindingData]:
    """Capacity is clients at once: the first day of the month on which more orders run than the line holds."""
    for line_id, spans in ctx.order_spans_per_line.items():
        line = ctx.lines.get(line_id)
        if line is None or line.capacity is None or len(spans) <= line.capacity:
            continue
        day = ctx.first_day
        while day <= ctx.last_day:
            count = sum(1 for starts_on, ends_on in spans if starts_on <= day <= ends_on)
            if count > line.capacity:
                yield capacity_exceeded.finding(
                    date=day,
                    field="capacity",
                    line=line.pk,
                    capacity=line.capacity,
                    count=count,
                    **date_words("day", day),
                    **product_words("product", line.product),
                )
                break
            day += datetime.timedelta(days=1)
