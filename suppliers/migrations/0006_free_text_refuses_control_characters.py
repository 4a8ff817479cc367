
import core.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0005_api_tokens_from_clear_keys'),
    ]

    # Validators and a TextField's max_length live in Python only: nothing in the database changes, and a
    # table rebuild on SQLite would drop the triggers earlier migrations made (the no-overlap rules).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='client',
                    name='first_name',
                    field=core.text.NameField(max_length=100, verbose_name='first name'),
                ),
                migrations.AlterField(
                    model_name='client',
                    name='last_name',
                    field=core.text.NameField(max_length=100, verbose_name='last name'),
                ),
                migrations.AlterField(
                    model_name='provider',
                    name='address',
                    field=core.text.NameField(blank=True, max_length=300, verbose_name='address'),
                ),
                migrations.AlterField(
                    model_name='provider',
                    name='name',
                    field=core.text.NameField(max_length=200, verbose_name='name'),
                ),
                migrations.AlterField(
                    model_name='provider',
                    name='phone',
                    field=core.text.NameField(blank=True, max_length=40, verbose_name='phone'),
                ),
            ],
            database_operations=[],
        ),
    ]
