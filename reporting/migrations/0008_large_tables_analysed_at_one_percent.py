"""Keep the planner's statistics current on the tables that grow by the month (PostgreSQL only).

autovacuum analyses a table after 10 % of its rows changed: on an attendance table of tens of millions of rows
the month being reported (always the newest rows, outside the histogram it has) went unanalysed for weeks, and
without statistics validation's budget query took a plan 25× slower (1.2 s instead of 45 ms). At 1 % (and at
least 10,000 rows) the month-end rows are analysed while the rush is on. SQLite has no autovacuum: nothing there.
"""

from django.db import migrations

from core.migration_sql import per_vendor_sql

TABLES = [
    "reporting_attendanceday",
    "reporting_reportentry",
    "reporting_report",
    "reporting_goalprogress",
    "reporting_finding",
    "suppliers_clientaccesslog",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_report_and_batch_period_as_period_field"),
        ("suppliers", "0003_user_preference_language"),
    ]

    operations = [
        per_vendor_sql(
            {
                "postgresql": [
                    f"ALTER TABLE {table} SET (autovacuum_analyze_scale_factor = 0.01, "
                    "autovacuum_analyze_threshold = 10000)"
                    for table in TABLES
                ]
            },
            {
                "postgresql": [
                    f"ALTER TABLE {table} RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)"
                    for table in TABLES
                ]
            },
        ),
    ]
