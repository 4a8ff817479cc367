"""No two overlapping service orders for the same client and contract line, guaranteed by the database.

PostgreSQL: an exclusion constraint over a date range (btree_gist lets `=` join the GiST index).
SQLite: triggers that abort an insert or update that would overlap. Both name `service_order_no_overlap`,
which the service recognises in the IntegrityError.
"""

from django.db import migrations

from core.migration_sql import per_vendor_sql

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


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_catalogue_contracts_orders_goals_rates")]

    operations = [
        per_vendor_sql(
            forward={"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD},
            backward={"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD},
        )
    ]
