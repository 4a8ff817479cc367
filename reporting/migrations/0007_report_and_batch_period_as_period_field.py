"""The month column becomes a PeriodField: the same varchar(7), so only the migration state changes.

State only: on SQLite an AlterField would rebuild the table (and lose its triggers) for no change of column."""

import core.period_fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0006_entry_summaries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="payrollbatch",
                    name="period",
                    field=core.period_fields.PeriodField(max_length=7, verbose_name="period"),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="period",
                    field=core.period_fields.PeriodField(help_text="YYYY-MM", max_length=7, verbose_name="period"),
                ),
            ],
        ),
    ]
