from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.money import entry_amount
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import money_text
from reporting.validation.severity import Severity


@rule(
    "work_share_paid_mismatch",
    Severity.ERROR,
    _(
        "The work-share money reported as paid, EUR %(paid)s, differs from EUR %(computed)s computed from the "
        "work hours entered."
    ),
    formats={"paid": money_text, "computed": money_text},
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
                paid=paid,
                computed=computed,
            )
