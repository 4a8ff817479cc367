from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule


@rule(
    "future_day",
    ERROR,
    fi="Päivää {day} ei voi raportoida etukäteen.",
    sv="Dagen {day} kan inte rapporteras i förväg.",
    en="Day {day} is in the future and cannot be reported yet.",
)
def future_day(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        for day in item.days:
            if day.date > ctx.today:
                yield future_day.finding(entry_id=item.id, date=day.date, field="status", day=day.date.isoformat())
