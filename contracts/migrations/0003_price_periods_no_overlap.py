"""The unit prices of one contract line never overlap in time, guaranteed by the database (as in 0002)."""

from django.db import migrations

from core.migration_sql import per_vendor_sql

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE contracts_contractlineprice ADD CONSTRAINT price_periods_no_overlap
    EXCLUDE USING gist (line_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
    """,
]
POSTGRES_BACKWARD = ["ALTER TABLE contracts_contractlineprice DROP CONSTRAINT IF EXISTS price_periods_no_overlap"]

_SQLITE_CHECK = """
    WHEN EXISTS (
        SELECT 1 FROM contracts_contractlineprice p
        WHERE p.line_id = NEW.line_id AND p.id IS NOT NEW.id
          AND p.valid_from <= COALESCE(NEW.valid_to, '9999-12-31')
          AND NEW.valid_from <= COALESCE(p.valid_to, '9999-12-31')
    )
    BEGIN SELECT RAISE(ABORT, 'price_periods_no_overlap'); END
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER price_periods_no_overlap_insert BEFORE INSERT ON contracts_contractlineprice {_SQLITE_CHECK}",
    f"CREATE TRIGGER price_periods_no_overlap_update BEFORE UPDATE ON contracts_contractlineprice {_SQLITE_CHECK}",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS price_periods_no_overlap_insert",
    "DROP TRIGGER IF EXISTS price_periods_no_overlap_update",
]


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_service_order_no_overlap")]

    operations = [
        per_vendor_sql(
            forward={"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD},
            backward={"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD},
        )
    ]
