"""The planner's statistics on the tables that grow by the month stay current (PostgreSQL's autovacuum)."""

import pytest
from django.db import connection

GROWING = [
    "reporting_attendanceday",
    "reporting_reportentry",
    "reporting_report",
    "reporting_goalprogress",
    "reporting_finding",
    "suppliers_clientaccesslog",
]


@pytest.mark.postgres
def test_the_tables_that_grow_by_the_month_are_analysed_after_one_percent_of_their_rows_change(db):
    # The default (10 %) left the month being reported unanalysed for weeks on a large table, and validation's
    # budget query took a plan 25 times slower without statistics.
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [GROWING])
        options = {name: set(values or []) for name, values in cursor.fetchall()}
    assert set(options) == set(GROWING)
    for table in GROWING:
        assert {"autovacuum_analyze_scale_factor=0.01", "autovacuum_analyze_threshold=10000"} <= options[table], table
