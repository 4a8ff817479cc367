"""Each entry keeps its present days and the fewest hours on one (the anomalies dashboard reads these instead
of a year's attendance days); existing entries get them from their days."""

from django.db import migrations, models
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce


def summarise_days(apps, schema_editor):
    ReportEntry = apps.get_model("reporting", "ReportEntry")
    AttendanceDay = apps.get_model("reporting", "AttendanceDay")
    present = AttendanceDay.objects.filter(entry_id=OuterRef("pk"), status="present").order_by().values("entry_id")
    ReportEntry.objects.filter(days__status="present").update(
        present_days=Coalesce(Subquery(present.annotate(n=Count("pk")).values("n")), 0),
        least_present_hours=Subquery(present.annotate(least=Min("hours")).values("least")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_report_submission_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportentry",
            name="present_days",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="present days"),
        ),
        migrations.AddField(
            model_name="reportentry",
            name="least_present_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=4,
                null=True,
                verbose_name="fewest hours on a present day",
            ),
        ),
        migrations.RunPython(summarise_days, migrations.RunPython.noop, elidable=True),
    ]
