"""Daily, from cron: e-mail providers about reports due in N days and reports that are late.

    manage.py send_report_reminders [--days 3] [--date 2026-11-07]

Safe to run once a day: each reminder goes out on one day only (see reporting/monitoring/completeness/reminders.py),
so a missed or repeated run neither floods nor silently skips more than that day's messages.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reporting.monitoring.completeness.reminders import report_due_reminders, report_late_reminders


class Command(BaseCommand):
    help = "E-mail providers whose monthly report is due in N days or is late."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3, help="Remind this many days before the due date.")
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 0:
            raise CommandError("--days must be zero or more.")
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be written YYYY-MM-DD.") from exc
        due = report_due_reminders(today=today, days=days)
        late = report_late_reminders(today=today)
        self.stdout.write(f"{today}: {due} due reminders, {late} late reminders sent.")
