"""What every spreadsheet the portal writes shares: text never becomes a formula (docs §11)."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell never becomes a formula in a spreadsheet: a leading = + - @ tab or CR gets a quote."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(text: str) -> str:
    """What `neutralise` wrote, read back (an uploaded workbook): the apostrophe before a formula-like text goes."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text
