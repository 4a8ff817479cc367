from collections.abc import Iterator

from reporting.money import entry_amount
from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import money_words


@rule(
    "work_share_paid_mismatch",
    ERROR,
    fi="Maksetuksi ilmoitettu työosuusraha {paid_fi} € ei vastaa kirjatuista työtunneista laskettua summaa "
    "{computed_fi} €.",
    sv="Den utbetalda arbetsandelspenningen {paid_sv} € stämmer inte med beloppet {computed_sv} € som räknats "
    "fram ur de angivna arbetstimmarna.",
    en="The work-share money reported as paid, EUR {paid_en}, differs from EUR {computed_en} computed from the "
    "work hours entered.",
)
def work_share_paid_mismatch(ctx: ReportContext) -> Iterator[FindingData]:
    """Recomputed from the day rows and the rate of each day, not read from the stored amounts (which a rate
    decision entered afterwards would leave stale)."""
    for item in ctx.entries:
        paid = item.entry.work_share_paid
        if paid is None:
            continue
        computed = entry_amount(
            [(day.date, day.status, day.hours) for day in item.days],
            earns_work_share=item.product.earns_work_share,
            rates=ctx.rates,
        )
        if paid != computed:
            yield work_share_paid_mismatch.finding(
                entry_id=item.id,
                field="work_share_paid",
                **money_words("paid", paid),
                **money_words("computed", computed),
            )
