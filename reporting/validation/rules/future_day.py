from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words


@rule(
    "future_day",
    ERROR,
    fi="Päivää {day_fi} ei voi vielä raportoida, koska se on tulevaisuudessa.",
    sv="Dagen {day_sv} kan inte rapporteras ännu eftersom den ligger i framtiden.",
    en="Day {day_en} is in the future and cannot be reported yet.",
)
def future_day(ctx: ReportContext) -> Iterator[FindingData]:
    """Today counts as reportable: only days after today are refused."""
    for item in ctx.entries:
        for day in item.days:
            if day.date > ctx.today:
                yield future_day.finding(entry_id=item.id, date=day.date, field="date", **date_words("day", day.date))
