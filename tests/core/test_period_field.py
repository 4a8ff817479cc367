"""The month column: stored as YYYY-MM, read back as a Period, looked up by either, ordered by month."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from core.periods import Period
from reporting.models import Report
from tests import factories


def _reports(world, *periods):
    contract = world.line.contract
    return [factories.make_report(contract, user=world.reporter, period=period) for period in periods]


def test_a_stored_month_comes_back_as_a_period_and_is_written_year_dash_month(world):
    (report,) = _reports(world, "2026-10")

    assert Report.objects.get(pk=report.pk).period == Period(2026, 10)
    assert Report.objects.values_list("period", flat=True).get(pk=report.pk) == Period(2026, 10)
    with connection.cursor() as cursor:
        cursor.execute("SELECT period FROM reporting_report WHERE id = %s", [report.pk])
        assert cursor.fetchone() == ("2026-10",)


def test_a_month_is_looked_up_by_a_period_or_its_text(world):
    october, november = _reports(world, "2026-10", "2026-11")

    assert list(Report.objects.filter(period=Period(2026, 10))) == [october]
    assert list(Report.objects.filter(period="2026-11")) == [november]
    assert set(Report.objects.filter(period__in=[Period(2026, 10), "2026-11"])) == {october, november}
    assert list(Report.objects.filter(period__gte=Period(2026, 11))) == [november]
    assert list(Report.objects.filter(period__startswith="2026-1").order_by("period")) == [october, november]
    # A malformed month matches nothing; it is the forms and serializers that refuse it.
    assert not Report.objects.filter(period="2026-13").exists()


def test_months_order_as_before_across_a_year_end(world):
    _reports(world, "2026-01", "2025-12", "2026-10")

    assert list(Report.objects.order_by("period").values_list("period", flat=True)) == [
        Period(2025, 12),
        Period(2026, 1),
        Period(2026, 10),
    ]
    assert [report.period for report in Report.objects.all()] == [Period(2026, 10), Period(2026, 1), Period(2025, 12)]


def test_a_month_assigned_as_text_reads_as_a_period_before_saving(world):
    (report,) = _reports(world, "2026-10")

    report.period = "2026-11"

    assert report.period == Period(2026, 11)


def test_full_clean_refuses_a_malformed_month_with_the_period_message(world):
    (report,) = _reports(world, "2026-10")
    report.period = "2026-13"

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        report.full_clean()
    with translation.override("en"):
        assert caught.value.message_dict["period"] == [
            "A period is written YYYY-MM, e.g. 2026-01; you entered 2026-13."
        ]


def test_full_clean_accepts_a_period(world):
    (report,) = _reports(world, "2026-10")
    report.period = Period(2026, 12)

    report.full_clean()
    report.save(update_fields=["period"])

    assert Report.objects.get(pk=report.pk).period == Period(2026, 12)
