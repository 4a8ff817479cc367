from collections.abc import Iterator

from reporting.validation.context import ReportContext
from reporting.validation.registry import ERROR, FindingData, rule


@rule(
    "goal_progress_missing",
    ERROR,
    fi="Tavoitteelta ”{goal}” puuttuu tämän kuukauden GAS-arvio.",
    sv="Målet ”{goal}” saknar en GAS-bedömning för den här månaden.",
    en="The goal “{goal}” has no GAS level for this month.",
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
