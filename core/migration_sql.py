"""Raw SQL that differs per database vendor, for constraints Django cannot express on both databases."""

from collections.abc import Callable
from typing import Any

from django.db import migrations


def per_vendor_sql(forward: dict[str, list[str]], backward: dict[str, list[str]]) -> migrations.RunPython:
    """A RunPython operation that runs the statements listed for the current vendor (and nothing elsewhere)."""

    def runner(statements_by_vendor: dict[str, list[str]]) -> Callable[[Any, Any], None]:
        def run(apps: Any, schema_editor: Any) -> None:
            for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return run

    return migrations.RunPython(runner(forward), runner(backward))
