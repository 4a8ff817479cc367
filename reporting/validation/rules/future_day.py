from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text
from reporting.validation.severity import Severity


@rule(
    "future_day",
    Severity.ERROR,
    _("Day %(day)s is in the future and cannot be reported yet."),
    formats={"day": date_text},
)
def future_day(ctx: ReportContext) -> Iterator[FindingData]:
    """Today counts as reportable: only days after today are refused."""
    for item in ctx.entries:
        for day in item.days:
            if day.date > ctx.today:
                yield future_day.finding(entry_id=item.id, date=day.date, field="date", day=day.date)
