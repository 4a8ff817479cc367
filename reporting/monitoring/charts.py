"""Charts drawn once with reportlab's graphics: to SVG for the pages and as a flowable in the PDF.

The same Drawing object serves both, so a chart on the page and in the meeting's PDF are the same picture.
Colours are a palette distinguishable in greyscale and by common colour-vision deficiencies (Okabe–Ito);
every chart on a page sits next to its data table, which is its text alternative.
"""

from __future__ import annotations

import itertools
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reporting.monitoring.tables import Chart

PALETTE = [
    colors.HexColor("#0072B2"),
    colors.HexColor("#E69F00"),
    colors.HexColor("#009E73"),
    colors.HexColor("#CC79A7"),
    colors.HexColor("#56B4E9"),
    colors.HexColor("#D55E00"),
    colors.HexColor("#000000"),
]
FONT = "Helvetica"
_MAX_LABEL = 14


def _label(text: str, room: float | None = None) -> str:
    """The text, cut with an ellipsis to fit: by characters on an axis, by width (with a margin for the
    browser's font) in the legend."""
    if room is None:
        return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"
    if stringWidth(text, FONT, 7) * 1.2 <= room:
        return text
    while text and stringWidth(text + "…", FONT, 7) * 1.2 > room:
        text = text[:-1]
    return text.rstrip() + "…"


def has_data(chart: Chart) -> bool:
    return bool(chart.categories) and any(value is not None for one in chart.series for value in one.values)


def _empty_drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, 40)
    drawing.add(String(10, 15, _("No data to draw for these filters."), fontName=FONT, fontSize=9))
    return drawing


def chart_drawing(chart: Chart, *, width: float = 480, height: float = 220) -> Drawing:
    """The chart as a reportlab Drawing; a chart with nothing to draw says so instead (reportlab would fail)."""
    if not has_data(chart):
        return _empty_drawing(width, height)
    legend_height = 16 * ((len(chart.series) + 2) // 3) if len(chart.series) > 1 else 0
    drawing = Drawing(width, height + legend_height)
    plot = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    plot.x = 50
    plot.y = 45 + legend_height
    plot.width = width - 70
    plot.height = height - 60
    # reportlab wants numbers; a missing value (None) is drawn as a gap in a line, as zero height in a bar.
    plot.data = [
        tuple(
            (None if value is None else float(value)) if chart.kind == "line" else float(value or 0)
            for value in one.values
        )
        for one in chart.series
    ] or [(0,)]
    plot.categoryAxis.categoryNames = [_label(str(name)) for name in chart.categories] or [""]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 7
    if len(chart.categories) > 8:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.forceZero = 1 if chart.kind == "bar" else 0
    if chart.kind == "bar":
        for index in range(len(chart.series)):
            plot.bars[index].fillColor = PALETTE[index % len(PALETTE)]
            plot.bars[index].strokeColor = None
    else:
        for index in range(len(chart.series)):
            plot.lines[index].strokeColor = PALETTE[index % len(PALETTE)]
            plot.lines[index].strokeWidth = 2
            # Dashes as well as colours: lines stay apart in greyscale print.
            plot.lines[index].strokeDashArray = None if index == 0 else [2 + index, 2]
    drawing.add(plot)
    if legend_height:
        # Drawn by hand, three to a row: reportlab's Legend spaces items by Helvetica's widths, and a browser
        # drawing the SVG in another font then runs one label into the next swatch.
        column = (width - 60) / 3
        for index, one in enumerate(chart.series):
            x = 50 + (index % 3) * column
            y = legend_height - 12 - 16 * (index // 3)
            colour = PALETTE[index % len(PALETTE)]
            drawing.add(Rect(x, y, 8, 8, fillColor=colour, strokeColor=None))
            if chart.kind == "line" and index:
                # The dash of the line too, for greyscale print and colour-blind readers.
                drawing.add(Line(x + 10, y + 4, x + 24, y + 4, strokeColor=colour, strokeDashArray=[2 + index, 2]))
            drawing.add(String(x + 28, y, _label(one.name, column - 34), fontName=FONT, fontSize=7))
    return drawing


_PROLOG = re.compile(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)


_SVG_IDS = itertools.count(1)
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _presentation_attributes(match: re.Match[str]) -> str:
    # The pages' Content-Security-Policy refuses inline style attributes, which is how reportlab writes
    # colours and line widths; SVG presentation attributes say the same and are not styles.
    attributes = []
    for declaration in match[1].split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and value:
            attributes.append(f'{name}="{"none" if value.lower() == "none" else value}"')
    return " " + " ".join(attributes) if attributes else ""


def chart_svg(chart: Chart, *, title: str, width: float = 480, height: float = 220) -> str:
    """Inline SVG for a page: no prolog, no style attributes (CSP), labelled as an image whose data is in the
    table next to it."""
    svg = _PROLOG.sub("", renderSVG.drawToString(chart_drawing(chart, width=width, height=height)))
    svg = _STYLE.sub(_presentation_attributes, svg)
    # reportlab names every drawing's clip path and group alike; ids must be unique on a page.
    suffix = next(_SVG_IDS)
    svg = svg.replace('id="clip"', f'id="clip-{suffix}"').replace("url(#clip)", f"url(#clip-{suffix})")
    svg = svg.replace('id="group"', f'id="group-{suffix}"')
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" ', 1)
