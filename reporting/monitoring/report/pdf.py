"""The contract monitoring report as a PDF: a renderer of Dashboards, independent of where the data comes from.

`render_monitoring_pdf(report)` draws a `MonitoringReport` with reportlab's platypus: a cover, each dashboard's
key figures and tables (long tables split across pages with their header repeated; wide ones on landscape
pages), each table's chart drawn by `charts.chart_drawing` (the same Drawing the page shows as SVG), the
findings and the provider's narrative with the city's comments. Numbers are formatted by `tables.display` in
the active language, so the caller chooses the language with `translation.override`.

Fonts: DejaVu Sans where the system has it (it covers Greek, maths and every Nordic letter); otherwise
reportlab's Helvetica, whose WinAnsi encoding covers Finnish and Swedish, with any other character replaced
by "?" so that nothing breaks the build or prints as a blank box.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from core.text import printable
from reporting.monitoring.charts import chart_drawing
from reporting.monitoring.tables import Chart, Dashboard, Kind, Series, Table, display

DEJAVU_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
NUMERIC_KINDS = frozenset({Kind.INTEGER, Kind.MONEY, Kind.DECIMAL, Kind.SCORE, Kind.PERCENT})


class NarrativeSectionLike(Protocol):
    """What the renderer reads of `reporting.self_evaluations.NarrativeSection`."""

    @property
    def title(self) -> str: ...

    @property
    def period_label(self) -> str: ...

    @property
    def paragraphs(self) -> Sequence[tuple[str, str]]: ...  # (heading, text)

    @property
    def comments(self) -> Sequence[tuple[str, datetime.datetime, str]]: ...  # (author, at, text)


@dataclass(frozen=True)
class MonitoringReport:
    title: str
    subject: str  # the provider's and/or the contract's names
    period_label: str  # e.g. "2025-11 – 2026-10"
    generated_at: datetime.datetime
    generated_by: str
    dashboards: Sequence[Dashboard] = ()
    findings: Table | None = None
    narrative: Sequence[NarrativeSectionLike] = ()
    # Clients the report names (e.g. in the anomalies tables): the view logs an access to each (docs §11).
    client_ids: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    unicode: bool  # False: Helvetica, and text outside WinAnsi (cp1252) is replaced


def pdf_fonts(directory: Path = DEJAVU_DIRECTORY) -> Fonts:
    """DejaVu Sans from `directory` if both faces are there (registered once), else Helvetica."""
    regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    if "PortalSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PortalSans", str(regular)))
        pdfmetrics.registerFont(TTFont("PortalSans-Bold", str(bold)))
        pdfmetrics.registerFontFamily("PortalSans", normal="PortalSans", bold="PortalSans-Bold")
    return Fonts("PortalSans", "PortalSans-Bold", unicode=True)


def winansi(text: str) -> str:
    """Text Helvetica can draw: characters outside cp1252 become "?"."""
    return text.encode("cp1252", errors="replace").decode("cp1252")


class _Heading(Paragraph):
    """A heading that becomes a bookmark in the PDF's outline."""

    def __init__(self, text: str, style: ParagraphStyle, *, level: int, plain: str) -> None:
        super().__init__(text, style)
        self.outline_level = level
        self.outline_text = plain


class _Document(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level, closed=False)


def _numbered_canvas(*, title: str, fonts: Fonts, clean: Callable[[str], str]) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each footer can say "page X of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            margin = MonitoringPdf.side_margin
            self.saveState()
            self.setStrokeColor(colors.HexColor("#767676"))
            self.setLineWidth(0.4)
            self.line(margin, height - 14 * mm, width - margin, height - 14 * mm)
            self.line(margin, 13 * mm, width - margin, 13 * mm)
            self.setFillColor(colors.HexColor("#333333"))
            self.setFont(fonts.regular, 8)
            self.drawString(margin, height - 12 * mm, clean(title)[:120])
            self.drawRightString(
                width - margin, 9 * mm, clean(_("Page %(page)s of %(pages)s") % {"page": number, "pages": total})
            )
            self.restoreState()

    return NumberedCanvas


class MonitoringPdf:
    """Page settings as class attributes (pretix's renderers); `render` builds the whole document."""

    pagesize = A4
    side_margin = 18 * mm
    top_margin = 20 * mm
    bottom_margin = 18 * mm
    font_size = 9
    table_font_size = 8
    wide_table_font_size = 7
    # More columns than this: the table goes on landscape pages; more than `max_landscape_columns`: smaller type.
    max_portrait_columns = 7
    max_landscape_columns = 12
    header_fill = colors.HexColor("#E8EEF4")
    rule_colour = colors.HexColor("#9AA5B1")
    chart_height = 200

    def __init__(self, report: MonitoringReport, *, font_directory: Path = DEJAVU_DIRECTORY) -> None:
        self.report = report
        self.fonts = pdf_fonts(font_directory)
        self.clean: Callable[[str], str] = (lambda text: text) if self.fonts.unicode else winansi
        regular, bold = self.fonts.regular, self.fonts.bold
        size = self.font_size
        self.styles = {
            "body": ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.35),
            "small": ParagraphStyle("small", fontName=regular, fontSize=size - 1, leading=(size - 1) * 1.3),
            "cover_title": ParagraphStyle("cover_title", fontName=bold, fontSize=22, leading=28, spaceAfter=12),
            "cover_line": ParagraphStyle("cover_line", fontName=regular, fontSize=12, leading=17, spaceAfter=4),
            "h1": ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8),
            "h2": ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5),
            "h3": ParagraphStyle("h3", fontName=bold, fontSize=size + 0.5, leading=size * 1.5, spaceBefore=6),
        }

    # Text ------------------------------------------------------------------------------------------------------

    def markup(self, text: str) -> str:
        """Plain text as Paragraph markup: escaped, characters the font lacks replaced, line breaks kept."""
        # Control characters in a row stored before input refused them are dropped (docs §11, issue #15).
        return escape(self.clean(printable(str(text)))).replace("\r\n", "\n").replace("\n", "<br/>")

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(self.markup(text), self.styles[style])

    def heading(self, text: str, *, level: int) -> _Heading:
        return _Heading(self.markup(text), self.styles[f"h{level + 1}"], level=level, plain=self.clean(text))

    # The document ----------------------------------------------------------------------------------------------

    def render(self) -> bytes:
        buffer = io.BytesIO()
        report = self.report
        document = _Document(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.side_margin,
            rightMargin=self.side_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.clean(report.title),
            author=self.clean(report.generated_by),
            subject=self.clean(f"{report.subject}, {report.period_label}"),
            creator="Reporting portal",
            lang=(get_language() or "fi")[:2],
            displayDocTitle=1,
        )
        document.addPageTemplates(
            [self._template("portrait", self.pagesize), self._template("landscape", landscape(self.pagesize))]
        )
        canvasmaker = _numbered_canvas(title=f"{report.title} – {report.subject}", fonts=self.fonts, clean=self.clean)
        document.build(self.story(), canvasmaker=canvasmaker)
        return buffer.getvalue()

    def _template(self, name: str, size: tuple[float, float]) -> PageTemplate:
        width, height = size
        frame = Frame(
            self.side_margin,
            self.bottom_margin,
            width - 2 * self.side_margin,
            height - self.top_margin - self.bottom_margin,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        return PageTemplate(id=name, frames=[frame], pagesize=size)

    def frame_width(self, *, wide: bool) -> float:
        size = landscape(self.pagesize) if wide else self.pagesize
        return size[0] - 2 * self.side_margin

    def story(self) -> list[Flowable]:
        report = self.report
        story: list[Flowable] = self.cover()
        for dashboard in report.dashboards:
            story += self.dashboard(dashboard)
        if report.findings is not None:
            story += [PageBreak(), self.heading(_("Validation findings"), level=0)]
            story += self.table(report.findings, level=1, titled=False)
        if report.narrative:
            story += [PageBreak(), self.heading(_("The provider's self-evaluation"), level=0)]
            for section in report.narrative:
                story += self.narrative(section)
        return story

    def cover(self) -> list[Flowable]:
        report = self.report
        generated = formats.date_format(_local(report.generated_at), "SHORT_DATETIME_FORMAT")
        story: list[Flowable] = [
            Spacer(1, 40 * mm),
            Paragraph(self.markup(report.title), self.styles["cover_title"]),
            self.paragraph(report.subject, "cover_line"),
            self.paragraph(_("Period: %(period)s") % {"period": report.period_label}, "cover_line"),
            Spacer(1, 8 * mm),
            self.paragraph(_("Generated %(at)s by %(by)s") % {"at": generated, "by": report.generated_by}),
        ]
        if report.dashboards:
            story += [Spacer(1, 10 * mm), self.paragraph(_("Contents"), "h3")]
            titles = [dashboard.title for dashboard in report.dashboards]
            if report.findings is not None:
                titles.append(_("Validation findings"))
            if report.narrative:
                titles.append(_("The provider's self-evaluation"))
            story += [self.paragraph(f"{index}. {title}") for index, title in enumerate(titles, start=1)]
        return story

    def dashboard(self, dashboard: Dashboard) -> list[Flowable]:
        story: list[Flowable] = [PageBreak(), self.heading(dashboard.title, level=0)]
        story += [self.paragraph(note, "small") for note in dashboard.notes]
        if dashboard.figures:
            story += [self.heading(_("Key figures"), level=1), self.figures(dashboard)]
        for table in dashboard.tables:
            story += self.table(table, level=1)
        return story

    def figures(self, dashboard: Dashboard) -> Flowable:
        statuses = {"ok": "", "warning": _("warning"), "alert": _("alert")}
        rows = [
            [
                self.paragraph(figure.label),
                self.clean(display(figure.value, figure.kind)),
                self.clean(statuses.get(figure.status, figure.status)),
            ]
            for figure in dashboard.figures
        ]
        width = self.frame_width(wide=False)
        grid = PdfTable(rows, colWidths=[width * 0.6, width * 0.25, width * 0.15], hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.font_size),
                    ("FONT", (1, 0), (1, -1), self.fonts.bold, self.font_size),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.rule_colour),
                ]
            )
        )
        return grid

    def table(self, table: Table, *, level: int, titled: bool = True) -> list[Flowable]:
        """A table (after its chart): the header repeats on every page; a wide table gets landscape pages."""
        wide = len(table.columns) > self.max_portrait_columns
        width = self.frame_width(wide=wide)
        story: list[Flowable] = []
        if wide:
            story += [NextPageTemplate("landscape"), PageBreak()]
        lead: list[Flowable] = [self.heading(table.title, level=level)] if titled else []
        if table.note:
            lead.append(self.paragraph(table.note, "small"))
        if table.chart is not None and _has_values(table.chart):
            # An empty chart says nothing (and reportlab's axes cannot scale to no data): the table says "no rows".
            lead += [self.chart(table.chart, width=width), Spacer(1, 3 * mm)]
        grid = self.grid(table, width=width)
        if lead:
            # The title (and chart) never stays alone at the foot of a page.
            story.append(KeepTogether(lead))
        story += [grid, Spacer(1, 5 * mm)]
        if wide:
            story += [NextPageTemplate("portrait"), PageBreak()]
        return story

    def chart(self, chart: Chart, *, width: float) -> Drawing:
        if not self.fonts.unicode:
            # The chart's labels are drawn in Helvetica too.
            chart = Chart(
                chart.kind,
                [winansi(str(category)) for category in chart.categories],
                [Series(winansi(one.name), one.values) for one in chart.series],
                winansi(chart.value_label),
            )
        return chart_drawing(chart, width=min(width, 480), height=self.chart_height)

    def grid(self, table: Table, *, width: float) -> Flowable:
        size = self.table_font_size if len(table.columns) <= self.max_landscape_columns else self.wide_table_font_size
        regular, bold = self.fonts.regular, self.fonts.bold
        padding = 6
        header = [self.clean(column.label) for column in table.columns]
        body = [
            [self.clean(display(value, column.kind)) for column, value in zip(table.columns, row, strict=True)]
            for row in table.rows
        ]
        if not body:
            body = [[_("No rows.")] + [""] * (len(table.columns) - 1)]
        widths = self._column_widths(header, body, size=size, width=width, padding=padding)
        cell_style = ParagraphStyle("cell", fontName=regular, fontSize=size, leading=size * 1.2, alignment=TA_LEFT)
        number_style = ParagraphStyle("number", parent=cell_style, alignment=TA_RIGHT)
        header_style = ParagraphStyle("head", parent=cell_style, fontName=bold)
        header_number_style = ParagraphStyle("head_number", parent=header_style, alignment=TA_RIGHT)
        numeric = [column.kind in NUMERIC_KINDS for column in table.columns]

        def cell(text: str, position: int, *, is_header: bool = False) -> str | Paragraph:
            # A plain string is drawn fast but never wraps: only text wider than its column becomes a Paragraph.
            font = bold if is_header else regular
            text = printable(text)
            if pdfmetrics.stringWidth(text, font, size) + padding <= widths[position] and "\n" not in text:
                return text
            style = (header_number_style if numeric[position] else header_style) if is_header else cell_style
            if not is_header and numeric[position]:
                style = number_style
            return Paragraph(escape(text).replace("\n", "<br/>"), style)

        rows: list[list[str | Paragraph]] = [[cell(text, i, is_header=True) for i, text in enumerate(header)]]
        rows += [[cell(text, i) for i, text in enumerate(row)] for row in body]
        # Row heights computed here, once: left to reportlab they are recomputed at every page break, which grows
        # with the square of the rows (a 3,600-row table took seconds).
        leading, vertical_padding = size * 1.2, 3
        heights = [
            max(leading if isinstance(one, str) else one.wrap(widths[i] - padding, 1e6)[1] for i, one in enumerate(row))
            + vertical_padding
            for row in rows
        ]
        grid = LongTable(rows, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), regular, size),
            ("FONT", (0, 0), (-1, 0), bold, size),
            ("LEADING", (0, 0), (-1, -1), size * 1.2),
            ("BACKGROUND", (0, 0), (-1, 0), self.header_fill),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, self.rule_colour),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding / 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        commands += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, is_number in enumerate(numeric) if is_number]
        grid.setStyle(TableStyle(commands))
        return grid

    def _column_widths(
        self, header: list[str], body: list[list[str]], *, size: float, width: float, padding: float
    ) -> list[float]:
        """Each column as wide as its header and widest cell (from a sample of rows), shrunk to fit the frame."""
        regular, bold = self.fonts.regular, self.fonts.bold
        sample = body[:200] + body[-50:] if len(body) > 250 else body
        natural: list[float] = []
        floor: list[float] = []
        for position, label in enumerate(header):
            word = max((pdfmetrics.stringWidth(word, bold, size) for word in label.split()), default=0) + padding
            whole = min(pdfmetrics.stringWidth(label, bold, size), 45 * mm) + padding
            cells = min(
                max((pdfmetrics.stringWidth(row[position], regular, size) for row in sample), default=0), 70 * mm
            )
            natural.append(max(whole, cells + padding) + 1)
            floor.append(max(word, min(cells + padding, 20 * mm)) + 1)
        if sum(natural) <= width:
            return natural
        if sum(floor) >= width:
            return [width * value / sum(floor) for value in floor]
        # Give each column its floor, and share what is left in proportion to what each still lacks.
        lacking = [value - low for value, low in zip(natural, floor, strict=True)]
        scale = (width - sum(floor)) / sum(lacking)
        return [low + more * scale for low, more in zip(floor, lacking, strict=True)]

    def narrative(self, section: NarrativeSectionLike) -> list[Flowable]:
        story: list[Flowable] = [self.heading(f"{section.title} ({section.period_label})", level=1)]
        for heading, text in section.paragraphs:
            story += [self.paragraph(heading, "h3"), self.paragraph(text or "–")]
        if section.comments:
            story.append(self.paragraph(_("The city's comments"), "h3"))
            for author, at, text in section.comments:
                when = formats.date_format(_local(at), "SHORT_DATETIME_FORMAT") if at else ""
                story += [self.paragraph(f"{author}, {when}", "small"), self.paragraph(text)]
        return story


def _has_values(chart: Chart) -> bool:
    return bool(chart.categories) and any(value is not None for one in chart.series for value in one.values)


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def render_monitoring_pdf(report: MonitoringReport, *, font_directory: Path = DEJAVU_DIRECTORY) -> bytes:
    """The report as PDF bytes, in the active language."""
    return MonitoringPdf(report, font_directory=font_directory).render()
