from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import money_text
from reporting.validation.severity import Severity


@rule(
    "invoice_total_mismatch",
    Severity.ERROR,
    _("The invoice total of EUR %(invoice)s differs from the total of EUR %(computed)s computed from the report."),
    formats={"invoice": money_text, "computed": money_text},
)
def invoice_total_mismatch(ctx: ReportContext) -> Iterator[FindingData]:
    invoice = ctx.report.invoice_total
    if invoice is None:
        return
    computed = ctx.total_cost()
    if invoice != computed:
        yield invoice_total_mismatch.finding(field="invoice_total", invoice=invoice, computed=computed)
