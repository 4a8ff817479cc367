"""The workbook as a whole, before its cells are read: the signed hidden sheet that names the report (another
report, another month or a forged sheet is refused), the layout (the hidden key row: moved, inserted or merged
columns are refused), and formulas and merged cells in the data sheets.

Calamine returns values, never formulas, so formulas are found by a scan of the sheet XML for `<f>` elements
(a regular expression over bytes: milliseconds, against seconds for opening the sheet with openpyxl again);
the same scan finds merged cells.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from typing import Any

from defusedxml import ElementTree
from django.core import signing
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from reporting.excel.archive import UploadRefused
from reporting.excel.layout import KEY_ROW, META, SIGNING_SALT, TEMPLATE_VERSION, cell_ref, cell_text
from reporting.excel.reader import CellError
from reporting.models import Report

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A cell that holds a formula: its start tag (not self-closing), then an <f> before the cell ends.
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+[0-9]+)"[^>]*(?<!/)>'
    rb"(?:(?!</(?:\w+:)?c>|<(?:\w+:)?c\s).){0,4000}?<(?:\w+:)?f[\s>/]",
    re.S,
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# The workbook -------------------------------------------------------------------------------------------------


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> member path of its XML (from the workbook and its relationships)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name"):
            target = targets.get(sheet.get(_REL_NS), "")
            paths[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def _has_formula(xml: bytes) -> bool:
    """Whether `_FORMULA` matches anywhere in the sheet. Every match holds "<f" or, with a namespace prefix,
    ":f"; a sheet holds a few of those (the data validations' <formula1>), and finding them is a fast
    substring search, where the expression alone tries every tag of the sheet."""
    for marker in (b"<f", b":f"):
        start = xml.find(marker)
        while start != -1:
            # A match starts at the "<" of its tag: this one, or the one before the prefix.
            tag = start if marker == b"<f" else xml.rfind(b"<", 0, start)
            if tag != -1 and _FORMULA.match(xml, tag):
                return True
            start = xml.find(marker, start + 1)
    return False


def structure_errors(archive: zipfile.ZipFile, sheets: list[str]) -> list[CellError]:
    """Formulas and merged cells in the data sheets, found in the XML (calamine shows neither)."""
    try:
        paths = _sheet_paths(archive)
    except (KeyError, ElementTree.ParseError) as exc:
        raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
    errors: list[CellError] = []
    for sheet in sheets:
        path = paths.get(sheet)
        if path is None or path not in archive.namelist():
            continue
        xml = archive.read(path)
        if _has_formula(xml):
            for match in _FORMULA_CELL.finditer(xml):
                errors.append(
                    CellError(
                        _("A formula is not accepted here; type the value itself."),
                        f"{sheet}!{match.group(1).decode()}",
                        code="formula",
                    )
                )
        # The literal test first: the expression tries every tag of a sheet of some 600,000.
        for match in _MERGE.finditer(xml) if b"mergeCell" in xml else ():
            first = match.group(1).decode().split(":")[0]
            errors.append(
                CellError(
                    _("Merged cells (%(range)s) are not accepted; unmerge them.") % {"range": match.group(1).decode()},
                    f"{sheet}!{first}",
                    code="merged_cells",
                )
            )
    return errors


def workbook_meta(book: CalamineWorkbook) -> dict[str, Any]:
    if META not in book.sheet_names:
        raise UploadRefused(
            _("This workbook is not a report template of this portal. Download the report's workbook and fill it."),
            code="not_a_template",
        )
    rows = book.get_sheet_by_name(META).to_python(skip_empty_area=False)
    values = {cell_text(row[0]): row[1] for row in rows if len(row) >= 2}
    try:
        signed = signing.loads(str(values.get("signature", "")), salt=SIGNING_SALT)
    except signing.BadSignature as exc:
        raise UploadRefused(
            _("The workbook's hidden report sheet has been changed or is missing. Download the workbook again."),
            code="not_a_template",
        ) from exc
    return dict(signed)


def check_report(meta: Mapping[str, Any], report: Report) -> None:
    if meta.get("template") != TEMPLATE_VERSION:
        raise UploadRefused(
            _("The workbook is an older template version. Download the report's workbook again."),
            code="template_version",
        )
    if meta.get("period") != str(report.period):
        raise UploadRefused(
            _("The workbook is for the month %(file)s, but this report is for %(report)s. Nothing was changed.")
            % {"file": meta.get("period"), "report": report.period},
            code="other_month",
        )
    if meta.get("report") != report.pk or meta.get("revision") != report.revision:
        raise UploadRefused(
            _("The workbook belongs to another report (another contract or revision). Nothing was changed."),
            code="other_report",
        )


def sheet_rows(book: CalamineWorkbook, name: str) -> list[list[Any]]:
    if name not in book.sheet_names:
        raise UploadRefused(
            _("The sheet %(sheet)s is missing. Do not rename or delete sheets.") % {"sheet": name}, code="columns_moved"
        )
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def check_keys(rows: list[list[Any]], sheet: str, expected: list[str]) -> None:
    found = [cell_text(value) for value in (rows[KEY_ROW - 1] if rows else [])]
    while found and not found[-1]:
        found.pop()
    if found == expected:
        return
    for index, key in enumerate(expected):
        if index >= len(found) or found[index] != key:
            raise UploadRefused(
                _(
                    "The columns of the sheet %(sheet)s have been moved, inserted, deleted or merged (first at "
                    "%(cell)s). Use the workbook as downloaded: copy your values into a fresh one."
                )
                % {"sheet": sheet, "cell": cell_ref(sheet, index + 1, KEY_ROW)},
                code="columns_moved",
                findings=[
                    CellError(
                        _("Column moved or changed."), cell_ref(sheet, index + 1, KEY_ROW), code="columns_moved"
                    ).as_finding()
                ],
            )
    raise UploadRefused(
        _("The sheet %(sheet)s has extra columns. Use the workbook as downloaded.") % {"sheet": sheet},
        code="columns_moved",
        findings=[
            CellError(
                _("Column added."), cell_ref(sheet, len(expected) + 1, KEY_ROW), code="columns_moved"
            ).as_finding()
        ],
    )
