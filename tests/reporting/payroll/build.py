"""Reports and batches for the payroll tests.

Reports are built through the services (as the API would, but faster): every entry of the report is filled
with goal progress and only the days a test gives, so the report passes validation and can be approved.
Batches are made and downloaded through the API, as the payroll clerk does.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from django.conf import settings

from contracts.models import Contract, ServiceOrder
from core.periods import Period
from reporting.models import Report
from tests import factories

BATCHES = "/api/v1/payroll-batches/"
Day = tuple[datetime.date, str, Decimal | str]


def report_in(
    *,
    contract: Contract,
    reporter: Any,
    monitor: Any,
    period: str,
    days: Mapping[ServiceOrder, Sequence[Day]],
    state: str = "approved",
) -> Report:
    """A report of `contract` for `period` in `state` (draft, submitted or approved) with these days."""
    report = factories.make_report(contract, user=reporter, period=period)
    for entry in report.entries.select_related("service_order"):
        factories.fill_entry(entry, user=reporter, days=list(days.get(entry.service_order, ())))
    return factories.report_to_state(report, state=state, user=reporter, reviewer=monitor)


def past_deadline_of(period: str, traveller: Any) -> None:
    """Move the frozen day past `period`'s report deadline: a month's batch is made only after it (issue #15)."""
    year, month = (int(part) for part in period.split("-"))
    due = Period(year, month).deadline(settings.REPORT_DUE_DAY) + datetime.timedelta(days=1)
    traveller.move_to(datetime.datetime.combine(due, datetime.time(10), tzinfo=datetime.UTC))


def batch(user: Any, period: str = "2026-10", **body: Any) -> dict[str, Any]:
    response = factories.api(user).post(BATCHES, {"period": period, **body}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def download(user: Any, batch_id: int, kind: str) -> bytes:
    response = factories.api(user).get(f"{BATCHES}{batch_id}/export.{kind}")
    assert response.status_code == 200, response
    return content(response)


def content(response: Any) -> bytes:
    """The bytes of a streamed file response."""
    return b"".join(response.streaming_content)


def csv_records(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_sheet(content: bytes, name: str = "Työosuusraha") -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))[name]


def csv_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def day(number: int, status: str = "present", hours: str = "4") -> Day:
    return (datetime.date(2026, 10, number), status, hours if status == "present" else "0")
