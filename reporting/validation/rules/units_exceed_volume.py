from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import WARNING, FindingData, rule
from reporting.validation.rules._words import number_words


@rule(
    "units_exceed_volume",
    WARNING,
    fi="Suoritteita on kirjattu {units_fi}, mikä on enemmän kuin palvelupäätöksen suunniteltu määrä {volume_fi}. "
    "Kirjoita ylitykselle syy.",
    sv="{units_sv} prestationer har angetts, vilket är mer än den planerade mängden {volume_sv} i servicebeslutet. "
    "Ange en orsak till överskridningen.",
    en="{units_en} units are entered, more than the planned volume of {volume_en} in the service order. "
    "Give a reason for the excess.",
)
def units_exceed_volume(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        units = item.entry.units_delivered
        volume = item.order.planned_volume
        if units > volume:
            yield units_exceed_volume.finding(
                entry_id=item.id,
                field="units_delivered",
                **number_words("units", units),
                **number_words("volume", volume),
            )
