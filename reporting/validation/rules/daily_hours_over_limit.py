from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text, number_text
from reporting.validation.severity import Severity


@rule(
    "daily_hours_over_limit",
    Severity.ERROR,
    _("%(hours)s work hours are entered on %(day)s, but the product allows at most %(limit)s hours a day."),
    formats={"day": date_text, "hours": number_text, "limit": number_text},
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
                    day=day.date,
                    hours=day.hours,
                    limit=limit,
                )
