from io import StringIO

from django.core.management import call_command


def test_the_models_and_the_migrations_agree(db):
    # A model change without its migration would deploy a database that differs from the code.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
