from typing import Any

from django.core.management.base import BaseCommand

from contracts.catalogue import catalogue_load
from suppliers.services import role_groups_sync


class Command(BaseCommand):
    help = "Load the real 2019–2022 procurement, its products, the ordering units and the work-share decision."

    def handle(self, *args: Any, **options: Any) -> None:
        role_groups_sync()
        counts = catalogue_load()
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Catalogue loaded: {summary}."))
