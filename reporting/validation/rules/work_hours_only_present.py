from collections.abc import Iterator

from reporting.models import AttendanceStatus
from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words, per_language

_REASONS: dict[str, tuple[str, str, str]] = {
    AttendanceStatus.SICK: ("asiakas oli sairaana", "klienten var sjuk", "the client was sick"),
    AttendanceStatus.ABSENT: ("asiakas oli poissa", "klienten var frånvarande", "the client was absent"),
    AttendanceStatus.OTHER: (
        "asiakas oli poissa muusta syystä",
        "klienten var borta av annan orsak",
        "the client was away for another reason",
    ),
}
_NOT_WORK_ACTIVITY = (
    "palvelu ei ole työosuusrahaan oikeuttavaa työtoimintaa",
    "tjänsten inte är arbetsverksamhet som ger arbetsandelspenning",
    "the service is not work activity that earns work-share money",
)


@rule(
    "work_hours_only_present",
    ERROR,
    fi="Työtunteja kirjataan vain työtoiminnan läsnäolopäiville, mutta päivälle {day_fi} on kirjattu tunteja, "
    "vaikka {reason_fi}.",
    sv="Arbetstimmar anges bara för närvarodagar i arbetsverksamhet, men för {day_sv} har timmar angetts fast "
    "{reason_sv}.",
    en="Work hours belong only on present days of work activity, but hours are entered on {day_en} although "
    "{reason_en}.",
)
def work_hours_only_present(ctx: ReportContext) -> Iterator[FindingData]:
    """No work hours (and so no work-share money) on sick, absent or other days, nor outside work activity."""
    for item in ctx.entries:
        earns = item.product.earns_work_share
        for day in item.days:
            if day.hours > 0 and (day.status != AttendanceStatus.PRESENT or not earns):
                reason = _REASONS.get(day.status, _NOT_WORK_ACTIVITY) if earns else _NOT_WORK_ACTIVITY
                yield work_hours_only_present.finding(
                    entry_id=item.id,
                    date=day.date,
                    field="hours",
                    **date_words("day", day.date),
                    **per_language("reason", *reason),
                )
