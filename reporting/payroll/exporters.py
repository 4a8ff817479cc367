"""Rows of a payroll batch (the exporter) and the XLSX and CSV renderings (the formatters).

Rows come from the database in chunks, once, and go straight into a streaming XLSX writer and a CSV writer on
disk, so memory stays flat however many rows a batch has.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Count, F, Sum

from contracts.models import Contract, OrderingUnit, ServiceOrder
from reporting import xlsx_stream
from reporting.models import PayrollBatch, PayrollLine, PayrollLineKind, Report
from reporting.payroll_columns import FIELDS
from reporting.spreadsheet import neutralise
from suppliers.models import Client, Provider

# The lines are summed per order, report, kind and rate first (narrow rows, one pass over the batch's lines);
# only the few thousand groups are joined to the names and sorted. Grouping the joined lines by every name
# (as the ORM would write it) sorted 100,000 wide rows on disk: 0.9 s of a 100,000-line batch.
_ROWS_SQL = """
WITH grouped AS (
    SELECT l.kind, l.rate, l.source_report_id, l.service_order_id,
           COUNT(*) AS days_present, SUM(l.hours) AS hours, SUM(l.amount) AS amount
    FROM {line} l
    WHERE l.batch_id = %s
    GROUP BY l.kind, l.rate, l.source_report_id, l.service_order_id
)
SELECT g.kind, g.rate, g.days_present, g.hours, g.amount, r.period, r.revision, c.number,
       p.business_id, p.name, cl.identity_code, cl.first_name, cl.last_name, cl.iban, u.code
FROM grouped g
JOIN {report} r ON r.id = g.source_report_id
JOIN {contract} c ON c.id = r.contract_id
JOIN {order} o ON o.id = g.service_order_id
JOIN {provider} p ON p.id = o.provider_id
JOIN {client} cl ON cl.id = o.client_id
JOIN {unit} u ON u.id = o.ordering_unit_id
ORDER BY p.name, cl.last_name, cl.first_name, g.service_order_id, r.period, g.kind, g.rate
"""

_CENTS = Decimal("0.01")
_FLOATS = Context(prec=15)  # as Django reads a decimal SQLite hands back as a float


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        return _FLOATS.create_decimal_from_float(value).quantize(_CENTS)
    return Decimal(value).quantize(_CENTS)


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def batch_rows(batch: PayrollBatch) -> Iterator[dict[str, Any]]:
    """One row per client, order, work month and rate (and per corrected revision for adjustments)."""
    sql = _ROWS_SQL.format(
        line=_table(PayrollLine),
        report=_table(Report),
        contract=_table(Contract),
        order=_table(ServiceOrder),
        provider=_table(Provider),
        client=_table(Client),
        unit=_table(OrderingUnit),
    )
    batch_id, period = str(batch.pk), str(batch.period)
    # A server-side cursor on PostgreSQL: the rows stream in chunks, memory does not grow with the batch.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [batch.pk])
        while chunk := cursor.fetchmany(500):
            for (kind, rate, days, hours, amount, work_period, revision, contract_number, business_id, name,
                 identity_code, first_name, last_name, iban, cost_centre) in chunk:  # fmt: skip
                adjustment = kind == PayrollLineKind.ADJUSTMENT
                yield {
                    "batch": batch_id,
                    "period": period,
                    "work_period": work_period,
                    "provider_business_id": business_id,
                    "provider_name": name,
                    "client_identity_code": identity_code,
                    "client_name": f"{last_name} {first_name}",
                    "payee_iban": iban or "",
                    "days_present": days,
                    "hours": _money(hours),
                    "rate": _money(rate),
                    "amount": _money(amount),
                    "cost_centre": cost_centre,
                    "adjustment_reference": f"{contract_number}/{work_period}/v{revision}" if adjustment else "",
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


_RECONCILIATION_LABELS = {"provider": "Palveluntuottaja", "ordering_unit": "Kustannuspaikka", "total": "Yhteensä"}
_HEADERS = ("Ryhmä", "Nimi", "Työosuusraha", "Rivejä")


def _xlsx_value(value: Any, kind: str) -> Any:
    return neutralise(str(value)) if kind == "text" else value  # a text cell is a string, never a formula


def _csv_value(value: Any, kind: str) -> str:
    if kind == "text":
        return neutralise(str(value))
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


class _Reconciliation:
    """The reconciliation rows (as `reconciliation_rows` reads them) summed from the batch's rows as they pass."""

    def __init__(self) -> None:
        self.providers: list[list[Any]] = []  # [name, amount, lines], in the rows' (the database's) name order
        self.units: dict[str, list[Any]] = {}

    def add(self, row: dict[str, Any]) -> None:
        if not self.providers or self.providers[-1][0] != row["provider_name"]:
            self.providers.append([row["provider_name"], Decimal(0), 0])
        provider = self.providers[-1]
        provider[1] += row["amount"]
        provider[2] += row["days_present"]
        unit = self.units.setdefault(row["cost_centre"], [row["cost_centre"], Decimal(0), 0])
        unit[1] += row["amount"]
        unit[2] += row["days_present"]

    def rows(self, batch: PayrollBatch) -> list[tuple[str, str, Decimal, int]]:
        # The units in the database's order of their codes, as the query by code would give them.
        codes = OrderingUnit.objects.filter(code__in=list(self.units)).order_by("code").values_list("code", flat=True)
        ordered = [self.units[code] for code in codes]
        return [
            *(("provider", name, amount, count) for name, amount, count in self.providers),
            *(("ordering_unit", name, amount, count) for name, amount, count in ordered),
            ("total", "", batch.total_amount, batch.line_count),
        ]


def write_files(batch: PayrollBatch, columns: list[dict[str, str]], xlsx_path: Path, csv_path: Path) -> tuple[str, str]:
    """The batch's XLSX and CSV from one pass over its rows; returns their SHA-256 checksums.

    The XLSX: the rows on "Työosuusraha", the reconciliation on "Täsmäytys" (written by a streaming writer: the
    cells are those openpyxl wrote). The CSV: UTF-8 with BOM, semicolons and decimal commas, what Finnish Excel
    and payroll programs open.
    """
    kinds = [(column["field"], FIELDS[column["field"]]) for column in columns]
    reconciliation = _Reconciliation()
    with (
        xlsx_stream.Workbook(xlsx_path, ["Työosuusraha", "Täsmäytys"]) as workbook,
        csv_path.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(column["header"]) for column in columns])
        with workbook.sheet("Työosuusraha") as sheet:
            sheet.append([neutralise(column["header"]) for column in columns])
            for row in batch_rows(batch):
                sheet.append([_xlsx_value(row[field], kind) for field, kind in kinds])
                writer.writerow([_csv_value(row[field], kind) for field, kind in kinds])
                reconciliation.add(row)
        with workbook.sheet("Täsmäytys") as totals:
            totals.append([neutralise(header) for header in _HEADERS])
            for kind, name, amount, count in reconciliation.rows(batch):
                totals.append([neutralise(_RECONCILIATION_LABELS[kind]), neutralise(str(name)), amount, count])
    return _sha256(xlsx_path), _sha256(csv_path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
