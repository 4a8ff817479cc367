from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text, month_text
from reporting.validation.severity import Severity


@rule(
    "contract_not_valid_for_month",
    Severity.ERROR,
    _("Contract %(contract)s is valid from %(starts)s to %(ends)s and does not cover the whole month %(period)s."),
    formats={"starts": date_text, "ends": date_text, "period": month_text},
)
def contract_not_valid_for_month(ctx: ReportContext) -> Iterator[FindingData]:
    contract = ctx.report.contract
    if not contract.covers(ctx.first_day, ctx.last_day):
        yield contract_not_valid_for_month.finding(
            field="contract",
            contract=contract.number,
            starts=contract.starts_on,
            ends=contract.ends_on,
            period=str(ctx.period),
        )
