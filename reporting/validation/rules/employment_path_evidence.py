from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from contracts.models import EmploymentPathState
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.severity import Severity

CLOSED_STATES = frozenset({EmploymentPathState.CLOSED, EmploymentPathState.VERIFIED})


@rule(
    "employment_path_evidence",
    Severity.ERROR,
    _("The employment path was closed without evidence that its goals were reached."),
)
def employment_path_evidence(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        for path in item.paths:
            if path.state in CLOSED_STATES and not path.has_evidence and path.concerns(ctx.first_day, ctx.last_day):
                yield employment_path_evidence.finding(entry_id=item.id, field="employment_path", path_id=path.pk)
