from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import number_text
from reporting.validation.severity import Severity


@rule(
    "units_exceed_volume",
    Severity.WARNING,
    _(
        "%(units)s units are entered, more than the planned volume of %(volume)s in the service order. "
        "Give a reason for the excess."
    ),
    formats={"units": number_text, "volume": number_text},
)
def units_exceed_volume(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        units = item.entry.units_delivered
        volume = item.order.planned_volume
        if units > volume:
            yield units_exceed_volume.finding(
                entry_id=item.id,
                field="units_delivered",
                units=units,
                volume=volume,
            )
