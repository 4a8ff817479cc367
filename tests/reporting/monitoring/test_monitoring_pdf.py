"""The monitoring report renders to a PDF that reads right, splits long tables, keeps wide ones on the page, and
opens in real readers: its text extracted with pypdf, its pages rasterised by poppler's pdftoppm, and the file
loaded by Debian's Chromium PDF viewer. In CI (env CI set) a missing pdftoppm or Chromium is a failure."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import Frame, Page
from pypdf import PdfReader

from reporting.monitoring.report.pdf import MonitoringPdf, MonitoringReport, pdf_fonts, render_monitoring_pdf
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table

PDFTOPPM = shutil.which("pdftoppm")
CHROMIUM = shutil.which("chromium")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file()
ROWS = 300


@dataclass(frozen=True)
class Section:
    title: str
    period_label: str
    paragraphs: list[tuple[str, str]]
    comments: list[tuple[str, datetime.datetime, str]] = field(default_factory=list)


def _report(*, wide_columns: int = 0) -> MonitoringReport:
    providers = Table(
        slug="cost-by-provider",
        title="Cost by provider",
        columns=[
            Column("provider", "Provider"),
            Column("clients", "Clients", Kind.INTEGER),
            Column("cost", "Cost (EUR)", Kind.MONEY),
            Column("share", "Share", Kind.PERCENT),
        ],
        rows=[
            [f"Tuottaja {index:03d} Oy", index, Decimal(index) * Decimal("10.25"), index / ROWS]
            for index in range(ROWS)
        ],
        chart=Chart("bar", ["2026-09", "2026-10"], [Series("Cost", [1200.0, 1500.5])], "EUR"),
    )
    tables = [providers]
    if wide_columns:
        tables.append(
            Table(
                slug="wide",
                title="Every month side by side",
                columns=[Column("name", "Product")]
                + [Column(f"m{index}", f"Month number {index} volume", Kind.DECIMAL) for index in range(wide_columns)],
                rows=[
                    ["Mielenterveyskuntoutujien työtoiminta, aikuiset " * 2]
                    + [Decimal(1000 * row + index) for index in range(wide_columns)]
                    for row in range(5)
                ],
            )
        )
    money = Dashboard(
        slug="money",
        title="Money",
        figures=[
            Figure("Total cost", Decimal("1234567.89"), Kind.MONEY),
            Figure("Budget used", 0.85, Kind.PERCENT, "warning"),
        ],
        tables=tables,
        notes=["Approved reports only."],
    )
    findings = Table(
        slug="findings",
        title="Validation findings",
        columns=[Column("code", "Rule"), Column("severity", "Severity"), Column("count", "Findings", Kind.INTEGER)],
        rows=[["units_over_volume", "warning", 7]],
    )
    narrative = [
        Section(
            title="Self-evaluation",
            period_label="2026 Q3",
            paragraphs=[("What worked and why", "Ryhmätoiminta sujui hyvin: äöå ÄÖÅ <b>not bold</b> & more.")],
            comments=[("Sanna Valvoja", datetime.datetime(2026, 10, 20, 9, 30, tzinfo=datetime.UTC), "Kiitos, hyvä.")],
        )
    ]
    return MonitoringReport(
        title="Contract monitoring report",
        subject="Palvelu Åström Oy",
        period_label="2025-11 – 2026-10",
        generated_at=datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC),
        generated_by="Sanna Valvoja",
        dashboards=[money],
        findings=findings,
        narrative=narrative,
    )


@pytest.fixture(scope="module")
def pdf() -> bytes:
    with translation.override("fi"):
        return render_monitoring_pdf(_report())


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_carries_the_title_the_provider_the_figures_and_the_narrative(pdf):
    text = "\n".join(_pages(pdf))

    assert "Contract monitoring report" in text
    assert "Palvelu Åström Oy" in text
    assert "2025-11 – 2026-10" in text
    assert "1 234 567,89" in text.replace("\xa0", " ")  # Finnish number format
    assert "Ryhmätoiminta sujui hyvin: äöå ÄÖÅ <b>not bold</b> & more." in text
    assert "Kiitos, hyvä." in text
    assert "units_over_volume" in text


def test_a_long_table_splits_over_pages_with_its_header_repeated_on_each(pdf):
    pages = _pages(pdf)
    with_rows = [index for index, text in enumerate(pages) if "Tuottaja " in text]

    assert len(pages) > 3
    assert len(with_rows) >= 3
    assert all("Provider" in pages[index] and "Cost (EUR)" in pages[index] for index in with_rows)
    assert f"Tuottaja {ROWS - 1:03d} Oy" in pages[with_rows[-1]]
    assert f"Tuottaja {ROWS - 1:03d} Oy" not in pages[with_rows[0]]


def test_every_page_says_which_page_of_how_many_it_is(pdf):
    pages = _pages(pdf)

    with translation.override("en"):
        english = _pages(render_monitoring_pdf(_report()))
    assert f"Page 2 of {len(english)}" in english[1]
    assert all(f"{len(pages)}" in text for text in pages)


def test_the_pdf_names_its_title_author_subject_and_language(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None

    assert reader.metadata.title == "Contract monitoring report"
    assert reader.metadata.author == "Sanna Valvoja"
    assert reader.metadata.subject == "Palvelu Åström Oy, 2025-11 – 2026-10"
    assert reader.root_object["/Lang"] == "fi"
    # The headings the renderer writes follow the language (the dashboards' own titles come translated).
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == [
        "Money",
        "Tarkistuksen havainnot",
    ]


def test_a_wide_table_gets_a_landscape_page_and_never_overflows_it():
    with translation.override("en"):
        data = render_monitoring_pdf(_report(wide_columns=16))
    reader = PdfReader(io.BytesIO(data))
    landscape = [page for page in reader.pages if page.mediabox.width > page.mediabox.height]

    assert len(landscape) == 1
    assert "Month number 15 volume" in " ".join(landscape[0].extract_text().split())  # wrapped in its cell
    renderer = MonitoringPdf(_report(wide_columns=30))
    frame = renderer.frame_width(wide=True)
    grid = renderer.grid(_report(wide_columns=30).dashboards[0].tables[1], width=frame)
    assert grid.wrap(frame, 1000)[0] <= frame + 0.01


@pytest.mark.skipif(not DEJAVU, reason="DejaVu Sans is not installed (fonts-dejavu-core)")
def test_characters_outside_latin_1_print_with_dejavu():
    report = _report()
    greek = Table("greek", "Spearman ρ ≥ 0,3 and Σ", [Column("a", "α")], [["ρ = 0,42"]])
    report = MonitoringReport(**{**report.__dict__, "dashboards": [Dashboard("x", "Σ", tables=[greek])]})

    text = "\n".join(_pages(render_monitoring_pdf(report)))

    assert "Spearman ρ ≥ 0,3 and Σ" in text
    assert "ρ = 0,42" in text


def test_without_dejavu_helvetica_replaces_what_it_cannot_draw_and_keeps_nordic_letters(tmp_path):
    report = _report()
    greek = Table(
        "greek",
        "Spearman ρ ≥ 0,3 … äöå",
        [Column("a", "α")],
        [["ρ = 0,42"]],
        chart=Chart("line", ["ρ", "b"], [Series("Σ", [1.0, None])]),
    )
    report = MonitoringReport(**{**report.__dict__, "dashboards": [Dashboard("x", "Σ", tables=[greek])]})

    assert pdf_fonts(tmp_path).regular == "Helvetica"
    text = "\n".join(_pages(render_monitoring_pdf(report, font_directory=tmp_path)))

    assert "Spearman ? ? 0,3 … äöå" in text
    assert "? = 0,42" in text
    assert "ρ" not in text


@pytest.mark.skipif(PDFTOPPM is None and not os.environ.get("CI"), reason="pdftoppm (poppler-utils) is not installed")
def test_every_page_rasterises_to_a_picture_that_is_not_blank(pdf, tmp_path):
    assert PDFTOPPM, "CI must have poppler-utils: apt-get install poppler-utils"
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed program and arguments
        [PDFTOPPM, "-r", "40", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pictures = sorted(tmp_path.glob("page-*.png"))

    assert len(pictures) == len(PdfReader(io.BytesIO(pdf)).pages)
    for picture in pictures:
        with Image.open(picture) as image:
            darkest, _lightest = image.convert("L").getextrema()
        assert isinstance(darkest, int)
        assert darkest < 128, f"{picture.name} is blank"


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed; CI runs this")
def test_chromium_opens_the_pdf_in_its_viewer_and_counts_its_pages(pdf, tmp_path):
    """Headless Chromium runs its real PDF viewer (the built-in extension); it reports the page count it parsed."""
    from playwright.sync_api import sync_playwright

    from tests.portal.test_browser import CHROMIUM_ARGS

    assert CHROMIUM, "CI must have Chromium: apt-get install chromium"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    expected = len(PdfReader(io.BytesIO(pdf)).pages)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(path.as_uri())
            viewer = next(
                (frame for frame in _wait_for_frames(page) if frame.url.startswith("chrome-extension://")), None
            )
            assert viewer is not None, "Chromium did not open its PDF viewer"
            # The viewer's own CSP forbids wait_for_function's eval: poll with evaluate instead.
            pages = 0
            for _attempt in range(75):
                pages = viewer.evaluate(_PAGE_COUNT)
                if pages:
                    break
                page.wait_for_timeout(200)
            toolbar = viewer.evaluate(
                "() => document.querySelector('pdf-viewer').shadowRoot.querySelector('viewer-toolbar')"
                ".shadowRoot.textContent"
            )
        finally:
            browser.close()

    assert pages == expected
    assert "Contract monitoring report" in toolbar  # the document title, shown as the PDF asks
    assert errors == []


_PAGE_COUNT = (
    "() => { const viewer = document.querySelector('pdf-viewer');"
    " const toolbar = viewer && viewer.shadowRoot && viewer.shadowRoot.querySelector('viewer-toolbar');"
    " const selector = toolbar && toolbar.shadowRoot.querySelector('viewer-page-selector');"
    " return selector ? selector.docLength : 0; }"
)


def _wait_for_frames(page: Page) -> list[Frame]:
    for _attempt in range(50):
        if any(frame.url.startswith("chrome-extension://") for frame in page.frames):
            break
        page.wait_for_timeout(200)
    return page.frames
