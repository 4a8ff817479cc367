import datetime
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text, product_words
from reporting.validation.severity import Severity


@rule(
    "capacity_exceeded",
    Severity.CITY_WARNING,
    _(
        "The number of client places on the contract line is %(capacity)s, but the number of service orders running "
        "on %(day)s is %(count)s (%(product)s)."
    ),
    formats={"day": date_text},
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
                    day=day,
                    **product_words("product", line.product),
                )
                break
            day += datetime.timedelta(days=1)
