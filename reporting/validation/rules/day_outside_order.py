from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words


@rule(
    "day_outside_order",
    ERROR,
    fi="Päivä {day_fi} ei kuulu palvelupäätöksen {decision} voimassaoloaikaan {starts_fi}–{ends_fi}.",
    sv="Dagen {day_sv} ligger utanför giltighetstiden {starts_sv}–{ends_sv} för servicebeslutet {decision}.",
    en="Day {day_en} is outside the service order {decision}, which runs from {starts_en} to {ends_en}.",
)
def day_outside_order(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        order = item.order
        for day in item.days:
            if not order.starts_on <= day.date <= order.ends_on:
                yield day_outside_order.finding(
                    entry_id=item.id,
                    date=day.date,
                    field="date",
                    decision=order.decision_number,
                    **date_words("day", day.date),
                    **date_words("starts", order.starts_on),
                    **date_words("ends", order.ends_on),
                )
