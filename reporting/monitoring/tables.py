"""The one shape every dashboard returns: key figures, and tables of typed columns with optional charts.

Pages render it with `templates/reporting/monitoring/_dashboard.html`, the Excel export with `xlsx.py`, the
PDF with `pdf.py`, the API with `as_json`. Values stay typed (Decimal, int, float, date, str, None) until a
renderer formats them for its medium and language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import formats

Value = str | int | float | Decimal | datetime.date | None


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # Decimal EUR, two decimals
    DECIMAL = "decimal"  # Decimal, two decimals (volumes, hours)
    SCORE = "score"  # float, one decimal (T-scores, index points)
    PERCENT = "percent"  # float 0…1 (shares, rates), shown as a percentage with one decimal
    DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """A bar or line chart of one or more series over categories (months, providers, products).

    `charts.py` draws it once with reportlab's graphics, to SVG for the page and to the PDF; the table it
    belongs to is its text alternative (WCAG 1.1.1).
    """

    kind: str  # "bar" or "line"
    categories: Sequence[str]
    series: Sequence[Series]
    value_label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "line"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for one in self.series:
            if len(one.values) != len(self.categories):
                raise ValueError(
                    f"series {one.name!r} has {len(one.values)} values for {len(self.categories)} categories"
                )


@dataclass(frozen=True)
class Table:
    slug: str  # stable, ascii: the Excel sheet's and the API's key
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Value]]
    chart: Chart | None = None
    note: str = ""
    # Optional link per row (same length as rows) for drill-down on the page; not exported.
    links: Sequence[str | None] = ()

    def __post_init__(self) -> None:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"{self.slug}: row {index} has {len(row)} cells for {len(self.columns)} columns")

    def column(self, key: str) -> list[Value]:
        position = [column.key for column in self.columns].index(key)
        return [row[position] for row in self.rows]

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip((column.key for column in self.columns), row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    label: str
    value: Value
    kind: Kind = Kind.INTEGER
    # "ok", "warning" (e.g. a budget at 80%) or "alert" (at 100%): shown with a word, never by colour alone.
    status: str = "ok"


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    figures: Sequence[Figure] = ()
    tables: Sequence[Table] = ()
    notes: Sequence[str] = field(default_factory=tuple)
    # The clients its tables name (by name or masked code): whoever shows or exports the dashboard logs an
    # access to each (docs §11). Empty for the aggregate dashboards. Not rendered.
    client_ids: Sequence[int] = ()

    def table(self, slug: str) -> Table:
        for table in self.tables:
            if table.slug == slug:
                return table
        raise KeyError(slug)


def display(value: Value, kind: Kind) -> str:
    """A value as text in the active language (the page and the PDF)."""
    if value is None:
        return "–"
    if kind is Kind.MONEY:
        return formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)  # type: ignore[arg-type]
    if kind is Kind.DECIMAL:
        return formats.number_format(Decimal(value), 2, use_l10n=True)  # type: ignore[arg-type]
    if kind is Kind.SCORE:
        return formats.number_format(float(value), 1, use_l10n=True)  # type: ignore[arg-type]
    if kind is Kind.PERCENT:
        return formats.number_format(float(value) * 100, 1, use_l10n=True) + " %"  # type: ignore[arg-type]
    if kind is Kind.DATE and isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind is Kind.INTEGER:
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)  # type: ignore[arg-type]
    return str(value)


def as_json(value: Value, kind: Kind) -> Any:
    """A value for the API: money and decimals as two-decimal strings (docs §13), dates ISO 8601."""
    if value is None:
        return None
    if kind in (Kind.MONEY, Kind.DECIMAL):
        return f"{Decimal(value):.2f}"  # type: ignore[arg-type]
    if kind is Kind.DATE and isinstance(value, datetime.date):
        return value.isoformat()
    if kind in (Kind.SCORE, Kind.PERCENT):
        return round(float(value), 4)  # type: ignore[arg-type]
    return value


def table_json(table: Table) -> dict[str, Any]:
    return {
        "slug": table.slug,
        "title": table.title,
        "columns": [{"key": column.key, "label": column.label, "kind": str(column.kind)} for column in table.columns],
        "rows": [
            {column.key: as_json(value, column.kind) for column, value in zip(table.columns, row, strict=True)}
            for row in table.rows
        ],
    }


def dashboard_json(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "slug": dashboard.slug,
        "title": dashboard.title,
        "figures": [
            {
                "label": figure.label,
                "value": as_json(figure.value, figure.kind),
                "kind": str(figure.kind),
                "status": figure.status,
            }
            for figure in dashboard.figures
        ],
        "tables": [table_json(table) for table in dashboard.tables],
        "notes": list(dashboard.notes),
    }


def rendered_rows(table: Table) -> Iterable[list[str]]:
    for row in table.rows:
        yield [display(value, column.kind) for column, value in zip(table.columns, row, strict=True)]
