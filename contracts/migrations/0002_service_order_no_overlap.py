"""No two overlapping service orders for the same client and contract line, guaranteed by the database.

PostgreSQL: an exclusion constraint over a date range (btree_gist lets `=` join the GiST index).
SQLite: triggers that abort an insert or update that would overlap. Both name `service_order_no_overlap`,
which the service recognises in the IntegrityError.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE contracts_serviceorder ADD CONSTRAINT service_order_no_overlap
    EXCLUDE USING gist (
        client_id WITH =,
        contract_line_id WITH =,
        daterange(starts_on, ends_on, '[]') WITH &&
    )
    """,
]
POSTGRES_BACKWARD = ["ALTER TABLE contracts_serviceorder DROP CONSTRAINT IF EXISTS service_order_no_overlap"]

_SQLITE_CHECK = """
    WHEN EXISTS (
        SELECT 1 FROM contracts_serviceorder o
        WHERE o.client_id = NEW.client_id AND o.contract_line_id = NEW.contract_line_id
          AND o.id IS NOT NEW.id AND o.starts_on <= NEW.ends_on AND NEW.starts_on <= o.ends_on
    )
    BEGIN SELECT RAISE(ABORT, 'service_order_no_overlap'); END
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER service_order_no_overlap_insert BEFORE INSERT ON contracts_serviceorder {_SQLITE_CHECK}",
    f"CREATE TRIGGER service_order_no_overlap_update BEFORE UPDATE ON contracts_serviceorder {_SQLITE_CHECK}",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS service_order_no_overlap_insert",
    "DROP TRIGGER IF EXISTS service_order_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_catalogue_contracts_orders_goals_rates")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
