from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from reporting.models import AttendanceStatus
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import date_text
from reporting.validation.severity import Severity

NOT_WORK_ACTIVITY = "not_work_activity"
REASONS = {
    AttendanceStatus.SICK: _("the client was sick"),
    AttendanceStatus.ABSENT: _("the client was absent"),
    AttendanceStatus.OTHER: _("the client was away for another reason"),
    NOT_WORK_ACTIVITY: _("the service is not work activity that earns work-share money"),
}


def reason_text(reason: str) -> str:
    return str(REASONS.get(reason, REASONS[NOT_WORK_ACTIVITY]))


@rule(
    "work_hours_only_present",
    Severity.ERROR,
    _("Work hours belong only on present days of work activity, but hours are entered on %(day)s although %(reason)s."),
    formats={"day": date_text, "reason": reason_text},
)
def work_hours_only_present(ctx: ReportContext) -> Iterator[FindingData]:
    """No work hours (and so no work-share money) on sick, absent or other days, nor outside work activity."""
    for item in ctx.entries:
        earns = item.product.earns_work_share
        for day in item.days:
            if day.hours > 0 and (day.status != AttendanceStatus.PRESENT or not earns):
                reason = day.status if earns and day.status in REASONS else NOT_WORK_ACTIVITY
                yield work_hours_only_present.finding(
                    entry_id=item.id, date=day.date, field="hours", day=day.date, reason=reason
                )
