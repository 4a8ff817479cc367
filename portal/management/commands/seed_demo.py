import datetime
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.statistics import analyze
from portal.demo import demo_seed


class Command(BaseCommand):
    help = "Create realistic, deterministic demo data with artificial identity codes, and demo users per role."

    def _progress(self, message: str) -> None:
        # Flushed line by line: the first run takes a while, and a silent terminal looks like a hang.
        self.stdout.write(message)
        self.stdout.flush()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--providers", type=int, default=12)
        parser.add_argument("--clients", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="Date to build around (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo-only password, never a production credential: the demo users exist only in demo databases.
        password = os.environ.get("DEMO_PASSWORD", "demo-salasana")
        result = demo_seed(
            providers=options["providers"],
            clients=options["clients"],
            seed=options["seed"],
            password=password,
            keep_passwords=not settings.DEBUG,
            today=options["today"] or timezone.localdate(),
            progress=self._progress,
        )
        made = (
            "all made now"
            if result.reports_made == result.reports
            else f"{result.reports_made} made now, the others already there"
        )
        analyze()  # planner statistics for the rows just loaded, before anyone queries them
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result.providers} providers, {result.clients} clients, "
                f"{result.service_orders} service orders, {result.reports} monthly reports of the last twelve months "
                f"({made})."
            )
        )
        kept = set(result.kept_passwords)
        if kept:
            self.stdout.write(
                self.style.WARNING(
                    f"DEBUG is off: {len(kept)} demo users existed already and kept their own passwords "
                    f"({', '.join(sorted(kept))}); the demo password was not set for them."
                )
            )
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, role, provider in result.logins:
            suffix = f" — {provider}" if provider else ""
            suffix += " (own password kept)" if username in kept else ""
            self.stdout.write(f"  {username:<18} {role}{suffix}")
