"""The workbook reader fuzzed with hypothesis (issue #15, acceptance 5): any bytes, and a real template with any
values in its cells, end in a parse or in a clear refusal (the importer's UploadRefused / UploadInvalid, a
ValidationError or a conflict), never in an unexpected exception. Bounded, and marked `fuzz`."""

from __future__ import annotations

import contextlib
import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.errors import DomainError
from reporting.excel.importer import report_workbook_upload
from reporting.models import Report, ReportEntry
from reporting.selectors import report_entry_list
from suppliers.access import actor_for
from tests.reporting import flow
from tests.reporting.excel.helpers import download

pytestmark = pytest.mark.fuzz

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate],
)

# What a spreadsheet cell can hold once openpyxl writes it: text (without what openpyxl refuses), numbers,
# booleans, dates and times, or nothing.
CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40).map(
        lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)
    ),
    st.sampled_from(["L", "S", "P", "M", "present", "=1+1", "'", "-", "4,5", "NaN", "Infinity", "1e309", "  "]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
)


def _upload(world: Any, report: Report, data: bytes) -> None:
    entries = list(report_entry_list(actor=actor_for(world.reporter), report=report, contents=False))
    # A clear refusal names what and where; anything else raised here fails the test.
    with contextlib.suppress(DomainError, ValidationError):
        report_workbook_upload(user=world.reporter, report=report, entries=entries, data=data, dry_run=True)


@pytest.fixture
def template(world: Any) -> tuple[Report, bytes]:
    report = flow.create(world)
    return Report.objects.get(pk=report["id"]), download(world.reporter, report["id"])


def test_any_bytes_are_parsed_or_refused_clearly(world, template):
    report, data = template

    @FUZZ
    @given(
        st.one_of(
            st.binary(max_size=4096),
            st.binary(max_size=2048).map(lambda tail: data[: len(data) // 2] + tail),
            st.integers(min_value=0, max_value=len(data) - 1).map(lambda cut: data[:cut]),
        )
    )
    def run(blob: bytes) -> None:
        _upload(world, report, blob)

    run()


def test_any_cell_values_in_the_template_are_parsed_or_refused_clearly(world, template):
    report, data = template
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [
        (sheet.title, row, column)
        for sheet in (book["Attendance"], book["Goals"])
        for row in range(1, min(sheet.max_row, 6) + 1)
        for column in range(1, sheet.max_column + 1)
    ]
    assert ReportEntry.objects.filter(report=report).exists()

    @FUZZ
    @given(st.lists(st.tuples(st.sampled_from(cells), CELL_VALUES), min_size=1, max_size=6))
    def run(changes: list[tuple[tuple[str, int, int], Any]]) -> None:
        edited = openpyxl.load_workbook(io.BytesIO(data))
        for (title, row, column), value in changes:
            edited[title].cell(row, column).value = value
        buffer = io.BytesIO()
        edited.save(buffer)
        _upload(world, report, buffer.getvalue())

    run()
