from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text
from reporting.validation.severity import Severity


@rule(
    "day_outside_order",
    Severity.ERROR,
    _("Day %(day)s is outside the service order %(decision)s, which runs from %(starts)s to %(ends)s."),
    formats={"day": date_text, "starts": date_text, "ends": date_text},
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
                    day=day.date,
                    starts=order.starts_on,
                    ends=order.ends_on,
                )
