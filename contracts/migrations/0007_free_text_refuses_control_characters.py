
import core.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0006_progress_period_as_period_field'),
    ]

    # Validators and a TextField's max_length live in Python only: nothing in the database changes, and a
    # table rebuild on SQLite would drop the triggers earlier migrations made (the no-overlap rules).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contract',
                    name='number',
                    field=core.text.NameField(max_length=60, unique=True, verbose_name='contract number'),
                ),
                migrations.AlterField(
                    model_name='contract',
                    name='title',
                    field=core.text.NameField(max_length=200, verbose_name='title'),
                ),
                migrations.AlterField(
                    model_name='employmentpath',
                    name='decision_comment',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='decision comment'),
                ),
                migrations.AlterField(
                    model_name='employmentpath',
                    name='justification',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='strengths and successes in the current service'),
                ),
                migrations.AlterField(
                    model_name='employmentpath',
                    name='outcome_description',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='how the goals were reached'),
                ),
                migrations.AlterField(
                    model_name='employmentpath',
                    name='verification_comment',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='verification comment'),
                ),
                migrations.AlterField(
                    model_name='employmentpathgoal',
                    name='description',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='goal'),
                ),
                migrations.AlterField(
                    model_name='employmentpathprogress',
                    name='narrative',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='progress'),
                ),
                migrations.AlterField(
                    model_name='evidencefile',
                    name='description',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='evidencefile',
                    name='original_name',
                    field=core.text.NameField(max_length=200, verbose_name='file name'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='baseline',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='starting point'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='description',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='goal'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='level_0',
                    field=core.text.NameField(max_length=500, verbose_name='expected outcome (0)'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='level_minus_1',
                    field=core.text.NameField(max_length=500, verbose_name='less than expected (−1)'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='level_minus_2',
                    field=core.text.NameField(max_length=500, verbose_name='much less than expected (−2)'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='level_plus_1',
                    field=core.text.NameField(max_length=500, verbose_name='more than expected (+1)'),
                ),
                migrations.AlterField(
                    model_name='goal',
                    name='level_plus_2',
                    field=core.text.NameField(max_length=500, verbose_name='much more than expected (+2)'),
                ),
                migrations.AlterField(
                    model_name='orderingunit',
                    name='name_en',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (English)'),
                ),
                migrations.AlterField(
                    model_name='orderingunit',
                    name='name_fi',
                    field=core.text.NameField(max_length=200, verbose_name='name (Finnish)'),
                ),
                migrations.AlterField(
                    model_name='orderingunit',
                    name='name_sv',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (Swedish)'),
                ),
                migrations.AlterField(
                    model_name='procurement',
                    name='name_en',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (English)'),
                ),
                migrations.AlterField(
                    model_name='procurement',
                    name='name_fi',
                    field=core.text.NameField(max_length=200, verbose_name='name (Finnish)'),
                ),
                migrations.AlterField(
                    model_name='procurement',
                    name='name_sv',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (Swedish)'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='name_en',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (English)'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='name_fi',
                    field=core.text.NameField(max_length=200, verbose_name='name (Finnish)'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='name_sv',
                    field=core.text.NameField(blank=True, max_length=200, verbose_name='name (Swedish)'),
                ),
                migrations.AlterField(
                    model_name='serviceorder',
                    name='decision_number',
                    field=core.text.NameField(max_length=60, verbose_name='decision number'),
                ),
                migrations.AlterField(
                    model_name='worksharerate',
                    name='decision_reference',
                    field=core.text.NameField(max_length=200, verbose_name='decision'),
                ),
            ],
            database_operations=[],
        ),
    ]
