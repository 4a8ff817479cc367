
import core.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0010_payroll_line_fewer_indexes_report_state_period'),
    ]

    # Validators and a TextField's max_length live in Python only: nothing in the database changes, and a
    # table rebuild on SQLite would drop the triggers earlier migrations made (the no-overlap rules).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='goalprogress',
                    name='narrative',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='progress'),
                ),
                migrations.AlterField(
                    model_name='report',
                    name='invoice_number',
                    field=core.text.NameField(blank=True, max_length=60, verbose_name='invoice number'),
                ),
                migrations.AlterField(
                    model_name='report',
                    name='warning_reason',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name="reason for the report's warnings"),
                ),
                migrations.AlterField(
                    model_name='reportentry',
                    name='notes',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='reportentry',
                    name='return_comment',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name="city's comment"),
                ),
                migrations.AlterField(
                    model_name='reportentry',
                    name='warning_reason',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='reason for warnings'),
                ),
                migrations.AlterField(
                    model_name='reportevent',
                    name='comment',
                    field=core.text.FreeTextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='actions_taken',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='actions taken'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='objectives',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='objectives'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='participants',
                    field=core.text.FreeTextField(blank=True, help_text='Who took part, described as a group; clients are counted, never named.', max_length=5000, verbose_name='participants'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='practices_to_share',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='practices worth sharing'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='what_did_not_work',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='what did not work'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='what_worked',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='what worked'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='why_it_did_not',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='why it did not work'),
                ),
                migrations.AlterField(
                    model_name='selfevaluation',
                    name='why_it_worked',
                    field=core.text.FreeTextField(blank=True, max_length=5000, verbose_name='why it worked'),
                ),
                migrations.AlterField(
                    model_name='selfevaluationcomment',
                    name='text',
                    field=core.text.FreeTextField(max_length=5000, verbose_name='comment'),
                ),
            ],
            database_operations=[],
        ),
    ]
