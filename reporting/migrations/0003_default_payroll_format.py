from django.db import migrations

DEFAULT_COLUMNS = [
    {"field": "batch", "header": "Erä"},
    {"field": "period", "header": "Maksukausi"},
    {"field": "work_period", "header": "Työkausi"},
    {"field": "provider_business_id", "header": "Y-tunnus"},
    {"field": "provider_name", "header": "Palveluntuottaja"},
    {"field": "client_identity_code", "header": "Henkilötunnus"},
    {"field": "client_name", "header": "Nimi"},
    {"field": "payee_iban", "header": "Tilinumero"},
    {"field": "days_present", "header": "Läsnäolopäivät"},
    {"field": "hours", "header": "Tunnit"},
    {"field": "rate", "header": "Tuntihinta"},
    {"field": "amount", "header": "Työosuusraha"},
    {"field": "cost_centre", "header": "Kustannuspaikka"},
    {"field": "adjustment_reference", "header": "Oikaisuviite"},
]


def create_default(apps, schema_editor):
    PayrollFormat = apps.get_model("reporting", "PayrollFormat")
    if not PayrollFormat.objects.filter(is_default=True).exists():
        PayrollFormat.objects.create(name="Oletus (työosuusraha)", columns=DEFAULT_COLUMNS, is_default=True)


def remove_default(apps, schema_editor):
    apps.get_model("reporting", "PayrollFormat").objects.filter(name="Oletus (työosuusraha)", batches=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_payroll_formats_batches_lines")]

    operations = [migrations.RunPython(create_default, remove_default)]
