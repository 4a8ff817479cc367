"""Rows of a payroll batch (the exporter) and the XLSX and CSV renderings (the formatters).

Rows come from the database in chunks and go straight into write-only workbooks and CSV writers on disk,
so memory stays flat however many rows a batch has.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, F, Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reporting.models import PayrollBatch, PayrollLine, PayrollLineKind
from reporting.payroll_columns import FIELDS
from reporting.spreadsheet import neutralise


def batch_rows(batch: PayrollBatch) -> Iterator[dict[str, Any]]:
    """One row per client, order, work month and rate (and per corrected revision for adjustments)."""
    grouped = (
        PayrollLine.objects.filter(batch=batch)
        .values(
            "kind",
            "rate",
            "source_report_id",
            "service_order_id",
            work_period=F("source_report__period"),
            revision=F("source_report__revision"),
            contract_number=F("source_report__contract__number"),
            provider_business_id=F("service_order__provider__business_id"),
            provider_name=F("service_order__provider__name"),
            client_identity_code=F("service_order__client__identity_code"),
            client_first_name=F("service_order__client__first_name"),
            client_last_name=F("service_order__client__last_name"),
            payee_iban=F("service_order__client__iban"),
            cost_centre=F("service_order__ordering_unit__code"),
        )
        .annotate(days_present=Count("id"), hours=Sum("hours"), amount=Sum("amount"))
        .order_by(
            "provider_name", "client_last_name", "client_first_name", "service_order_id", "work_period", "kind", "rate"
        )
    )
    for row in grouped.iterator(chunk_size=2000):
        adjustment = row["kind"] == PayrollLineKind.ADJUSTMENT
        yield {
            "batch": str(batch.pk),
            "period": str(batch.period),
            "work_period": str(row["work_period"]),
            "provider_business_id": row["provider_business_id"],
            "provider_name": row["provider_name"],
            "client_identity_code": row["client_identity_code"],
            "client_name": f"{row['client_last_name']} {row['client_first_name']}",
            "payee_iban": row["payee_iban"] or "",
            "days_present": row["days_present"],
            "hours": row["hours"],
            "rate": row["rate"],
            "amount": row["amount"],
            "cost_centre": row["cost_centre"],
            "adjustment_reference": (
                f"{row['contract_number']}/{row['work_period']}/v{row['revision']}" if adjustment else ""
            ),
        }


def reconciliation_rows(batch: PayrollBatch) -> list[tuple[str, str, Decimal, int]]:
    """Totals per provider and per ordering unit, then the batch total: (kind, name, amount, lines)."""
    lines = PayrollLine.objects.filter(batch=batch)
    rows: list[tuple[str, str, Decimal, int]] = []
    for item in (
        lines.values(name=F("service_order__provider__name"))
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("name")
    ):
        rows.append(("provider", item["name"], item["total"], item["count"]))
    for item in (
        lines.values(name=F("service_order__ordering_unit__code"))
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("name")
    ):
        rows.append(("ordering_unit", item["name"], item["total"], item["count"]))
    rows.append(("total", "", batch.total_amount, batch.line_count))
    return rows


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.data_type = "s"  # a string, whatever it looks like: never a formula
    return cell


def _cells(sheet: WriteOnlyWorksheet, row: dict[str, Any], columns: list[dict[str, str]]) -> list[Any]:
    cells: list[Any] = []
    for column in columns:
        value = row[column["field"]]
        if FIELDS[column["field"]] == "text":
            cells.append(_text_cell(sheet, str(value)))
        else:
            cells.append(value)
    return cells


_RECONCILIATION_LABELS = {"provider": "Palveluntuottaja", "ordering_unit": "Kustannuspaikka", "total": "Yhteensä"}


def write_xlsx(batch: PayrollBatch, columns: list[dict[str, str]], path: Path) -> str:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Työosuusraha")
    sheet.append([_text_cell(sheet, column["header"]) for column in columns])
    for row in batch_rows(batch):
        sheet.append(_cells(sheet, row, columns))
    totals = workbook.create_sheet("Täsmäytys")
    totals.append([_text_cell(totals, header) for header in ("Ryhmä", "Nimi", "Työosuusraha", "Rivejä")])
    for kind, name, amount, count in reconciliation_rows(batch):
        totals.append([_text_cell(totals, _RECONCILIATION_LABELS[kind]), _text_cell(totals, name), amount, count])
    workbook.save(path)
    return _sha256(path)


def _csv_value(value: Any, kind: str) -> str:
    if kind == "text":
        return neutralise(str(value))
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def write_csv(batch: PayrollBatch, columns: list[dict[str, str]], path: Path) -> str:
    """UTF-8 with BOM, semicolons and decimal commas: what Finnish Excel and payroll programs open."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(column["header"]) for column in columns])
        for row in batch_rows(batch):
            writer.writerow([_csv_value(row[column["field"]], FIELDS[column["field"]]) for column in columns])
    return _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
