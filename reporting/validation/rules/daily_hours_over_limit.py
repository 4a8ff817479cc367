from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words, number_words


@rule(
    "daily_hours_over_limit",
    ERROR,
    fi="Päivälle {day_fi} on kirjattu {hours_fi} työtuntia, mutta tuotteessa saa olla enintään {limit_fi} tuntia "
    "päivässä.",
    sv="För {day_sv} har {hours_sv} arbetstimmar angetts, men produkten tillåter högst {limit_sv} timmar per dag.",
    en="{hours_en} work hours are entered on {day_en}, but the product allows at most {limit_en} hours a day.",
)
def daily_hours_over_limit(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        limit = item.product.max_daily_hours
        if limit is None:
            continue
        for day in item.days:
            if day.hours > limit:
                yield daily_hours_over_limit.finding(
                    entry_id=item.id,
                    date=day.date,
                    field="hours",
                    **date_words("day", day.date),
                    **number_words("hours", day.hours),
                    **number_words("limit", limit),
                )
