from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.severity import Severity


@rule(
    "goal_progress_missing",
    Severity.ERROR,
    _("The goal “%(goal)s” has no GAS level for this month."),
)
def goal_progress_missing(ctx: ReportContext) -> Iterator[FindingData]:
    for item in ctx.entries:
        assessed = {progress.goal_id for progress in item.progress}
        for goal in item.goals:
            if goal.pk not in assessed:
                description = goal.description if len(goal.description) <= 60 else f"{goal.description[:59]}…"
                yield goal_progress_missing.finding(
                    entry_id=item.id, field="goal_progress", goal_id=goal.pk, goal=description
                )
