from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.severity import Severity


@rule(
    "employment_path_justification",
    Severity.ERROR,
    _("The employment path has no justification of the client’s strengths and successes in the current service."),
)
def employment_path_justification(ctx: ReportContext) -> Iterator[FindingData]:
    """docs §6, §9: a path has its justification from the start (the service refuses a proposal without one;
    this catches paths that reached the database another way)."""
    for item in ctx.entries:
        for path in item.paths:
            if path.concerns(ctx.first_day, ctx.last_day) and not path.justification.strip():
                yield employment_path_justification.finding(entry_id=item.id, field="employment_path", path_id=path.pk)
