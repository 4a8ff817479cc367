"""Template helpers for monitoring tables: typed values as text, and charts as inline SVG."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from reporting.monitoring.charts import chart_svg as draw_svg
from reporting.monitoring.tables import Kind, Table, Value
from reporting.monitoring.tables import display as display_value

register = template.Library()


@register.filter
def display(value: Value, kind: str) -> str:
    return display_value(value, Kind(kind))


@register.filter
def table_rows(table: Table) -> list[dict[str, Any]]:
    links = list(table.links) or [None] * len(table.rows)
    return [
        {
            "link": link,
            "cells": [
                {"text": display_value(value, column.kind), "numeric": column.kind not in (Kind.TEXT, Kind.DATE)}
                for column, value in zip(table.columns, row, strict=True)
            ],
        }
        for row, link in zip(table.rows, links, strict=True)
    ]


@register.simple_tag
def chart_svg(table: Table) -> SafeString:
    if table.chart is None:
        return mark_safe("")
    # reportlab escapes every text it draws; the markup is ours.
    return mark_safe(draw_svg(table.chart, title=table.title))  # noqa: S308
