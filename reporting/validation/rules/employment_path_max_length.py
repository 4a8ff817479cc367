from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from contracts.models import path_latest_end
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text
from reporting.validation.severity import Severity


@rule(
    "employment_path_max_length",
    Severity.ERROR,
    _("The employment path is longer than the product’s maximum of %(months)s months: it must end by %(latest)s."),
    formats={"latest": date_text},
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
                    latest=latest,
                )
