from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule


@rule(
    "work_hours_only_present",
    ERROR,
    fi="Työtunteja voi kirjata vain läsnäolopäiville työtoiminnassa: {day} on {status}.",
    sv="Arbetstimmar kan bara anges för närvarodagar i arbetsverksamhet: {day} är {status}.",
    en="Work hours belong only on present days of work activity: {day} is {status}.",
)
def work_hours_only_present(ctx: ReportContext) -> Iterator[FindingData]:
    """No work hours (and so no work-share money) on sick, absent or other days, nor outside work activity."""
    for item in ctx.entries:
        earns = item.product.earns_work_share
        for day in item.days:
            if day.hours > 0 and (day.status != "present" or not earns):
                status = day.status if earns else "no work activity"
                yield work_hours_only_present.finding(
                    entry_id=item.id, date=day.date, field="hours", day=day.date.isoformat(), status=status
                )
