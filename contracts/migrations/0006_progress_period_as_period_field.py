"""The month column becomes a PeriodField: the same varchar(7), so only the migration state changes.

State only: on SQLite an AlterField would rebuild the table (and lose its triggers) for no change of column."""

import core.period_fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0005_goals_quality_of_life_employment_paths_evidence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="employmentpathprogress",
                    name="period",
                    field=core.period_fields.PeriodField(help_text="YYYY-MM", max_length=7, verbose_name="month"),
                ),
            ],
        ),
    ]
