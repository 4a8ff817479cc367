from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import money_words


@rule(
    "invoice_total_mismatch",
    ERROR,
    fi="Laskun loppusumma {invoice_fi} € poikkeaa raportista lasketusta kokonaissummasta {computed_fi} €.",
    sv="Fakturans totalbelopp {invoice_sv} € avviker från totalbeloppet {computed_sv} € som räknats fram ur rapporten.",
    en="The invoice total of EUR {invoice_en} differs from the total of EUR {computed_en} computed from the report.",
)
def invoice_total_mismatch(ctx: ReportContext) -> Iterator[FindingData]:
    invoice = ctx.report.invoice_total
    if invoice is None:
        return
    computed = ctx.total_cost()
    if invoice != computed:
        yield invoice_total_mismatch.finding(
            field="invoice_total", **money_words("invoice", invoice), **money_words("computed", computed)
        )
