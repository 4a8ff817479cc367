"""What every spreadsheet the portal writes shares: text never becomes a formula (docs §11), and a control
character stored before input refused it never breaks the file."""

from __future__ import annotations

from core.text import printable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell as it may be written: control characters dropped (openpyxl refuses them; a CSV reader
    misreads them), and a leading = + - @ tab or CR quoted so the text never becomes a formula."""
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(text: str) -> str:
    """What `neutralise` wrote, read back (an uploaded workbook): the apostrophe before a formula-like text goes."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text
