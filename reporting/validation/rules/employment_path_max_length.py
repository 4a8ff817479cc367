from collections.abc import Iterator

from contracts.models import path_latest_end
from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule
from reporting.validation.rules._words import date_words


@rule(
    "employment_path_max_length",
    ERROR,
    fi="Työllisyyspolku ylittää tuotteen enimmäiskeston, {months} kk: sen on päätyttävä viimeistään {latest_fi}.",
    sv="Sysselsättningsstigen är längre än produktens maximala längd, {months} mån.: den ska sluta senast {latest_sv}.",
    en="The employment path is longer than the product’s maximum of {months} months: it must end by {latest_en}.",
)
def employment_path_max_length(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        months = item.product.employment_path_max_months
        for path in item.paths:
            if path.starts_on is None or path.ends_on is None or not path.concerns(ctx.first_day, ctx.last_day):
                continue
            latest = path_latest_end(path.starts_on, months)
            if path.ends_on > latest:
                yield employment_path_max_length.finding(
                    entry_id=item.id,
                    field="employment_path",
                    path_id=path.pk,
                    months=months,
                    **date_words("latest", latest),
                )
