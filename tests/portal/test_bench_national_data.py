"""The national data the load and scale benchmarks run on: written with COPY on PostgreSQL, usable afterwards."""

import pytest
from django.db.models import F

from bench._monitoring_data import generate
from contracts.models import ServiceOrder
from reporting.models import AttendanceDay, Report, ReportEntry
from suppliers.models import Client
from tests import factories


@pytest.mark.postgres
def test_the_copied_history_is_whole_and_the_portal_goes_on_writing_after_it(db):
    counts = generate(providers=2, orders=8, months=2, seed=3)

    assert Report.objects.count() == counts["reports"] == 4
    assert ReportEntry.objects.count() == counts["entries"] > 0
    assert AttendanceDay.objects.count() == counts["attendance days"] > 0
    # Every entry points at its own report's contract: the ids reserved for COPY are the ones the rows got.
    assert not ReportEntry.objects.exclude(service_order__contract_line__contract_id=F("report__contract_id")).exists()
    # The id sequences were moved past the copied rows: the next row the portal writes gets a fresh id.
    client = factories.make_client()
    assert client.pk > max(Client.objects.exclude(pk=client.pk).values_list("pk", flat=True))
    assert ServiceOrder.objects.count() == 8
