"""Each entry keeps what the monitoring dashboards read instead of a year's attendance days and goal progress:
its present days, the fewest hours on one, and its GAS T-score. Existing entries get them from their days and
levels (the T-score with the goals' weights as they are now)."""

from django.db import migrations, models
from django.db.models import Count, F, FloatField, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Sqrt

RHO = 0.3  # reporting.outcomes.RHO when this migration was written


def summarise(apps, schema_editor):
    ReportEntry = apps.get_model("reporting", "ReportEntry")
    AttendanceDay = apps.get_model("reporting", "AttendanceDay")
    GoalProgress = apps.get_model("reporting", "GoalProgress")
    present = AttendanceDay.objects.filter(entry_id=OuterRef("pk"), status="present").order_by().values("entry_id")
    ReportEntry.objects.filter(days__status="present").update(
        present_days=Coalesce(Subquery(present.annotate(n=Count("pk")).values("n")), 0),
        least_present_hours=Subquery(present.annotate(least=Min("hours")).values("least")),
    )
    # T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²), as reporting.outcomes.gas_t_score.
    weight = F("goal__weight")
    sum_wx = Cast(Sum(F("level") * weight), FloatField())
    sum_w2 = Cast(Sum(weight * weight), FloatField())
    sum_w = Cast(Sum(weight), FloatField())
    score = Value(50.0) + Value(10.0) * sum_wx / Sqrt(
        Value(1 - RHO) * sum_w2 + Value(RHO) * sum_w * sum_w, output_field=FloatField()
    )
    per_entry = (
        GoalProgress.objects.filter(entry_id=OuterRef("pk"))
        .order_by()
        .values("entry_id")
        .annotate(t_score=score)
        .values("t_score")
    )
    ReportEntry.objects.filter(pk__in=GoalProgress.objects.values("entry_id")).update(
        t_score=Subquery(per_entry, output_field=FloatField())
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
        migrations.AddField(
            model_name="reportentry",
            name="t_score",
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name="GAS T-score"),
        ),
        migrations.RunPython(summarise, migrations.RunPython.noop, elidable=True),
    ]
