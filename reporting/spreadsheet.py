"""What every spreadsheet the portal writes shares: text never becomes a formula (SPEC §11)."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell never becomes a formula in a spreadsheet: a leading = + - @ tab or CR gets a quote."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
