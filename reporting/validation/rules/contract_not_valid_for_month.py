from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words, period_words


@rule(
    "contract_not_valid_for_month",
    ERROR,
    fi="Sopimus {contract} on voimassa {starts_fi}–{ends_fi} eikä kata koko raportoitavaa kuukautta {period_fi}.",
    sv="Avtalet {contract} gäller {starts_sv}–{ends_sv} och täcker inte hela rapportmånaden {period_sv}.",
    en="Contract {contract} is valid from {starts_en} to {ends_en} and does not cover the whole month {period_en}.",
)
def contract_not_valid_for_month(ctx: ReportContext) -> Iterator[FindingData]:
    contract = ctx.report.contract
    if not contract.covers(ctx.first_day, ctx.last_day):
        yield contract_not_valid_for_month.finding(
            field="contract",
            contract=contract.number,
            **date_words("starts", contract.starts_on),
            **date_words("ends", contract.ends_on),
            **period_words("period", ctx.period),
        )
