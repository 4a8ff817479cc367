"""Log lines carry no personal data (docs §11): no identity code, and no field's value.

An exception's message often quotes the data it failed on (openpyxl's IllegalCharacterError quotes the whole
cell text; a database error quotes the row). The formatter keeps the traceback's frames and the exception's
type, which is what finding the fault needs, and withholds the message; any identity code left in the line
itself is masked.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

from core.text import without_identity_codes

WITHHELD = "(message withheld: it may hold personal data)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class PrivateFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:
        exc_type, exc, tb = ei
        lines: list[str] = []
        seen: set[int] = set()
        chain: list[BaseException] = []
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            chain.append(current)
            current = current.__cause__ or current.__context__
        for index, item in enumerate(reversed(chain)):
            if index:
                lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(item.__traceback__ if item is not exc else tb))
            lines.append(f"{type(item).__module__}.{type(item).__qualname__}: {WITHHELD}\n")
        if not chain and exc_type is not None:
            lines.append(f"{exc_type.__qualname__}: {WITHHELD}\n")
        return "".join(lines).rstrip("\n")

    def formatStack(self, stack_info: str) -> str:
        return without_identity_codes(stack_info)

    def format(self, record: logging.LogRecord) -> str:
        return without_identity_codes(super().format(record))


class PrivateFilter(logging.Filter):
    """The same for any formatter (text or JSON): the record's message has identity codes masked, and its
    exception is replaced by the formatted traceback with the message withheld (`exc_text`, which formatters
    print when `exc_info` is gone)."""

    _formatter = PrivateFormatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it itself when it formats
            return True
        record.msg, record.args = without_identity_codes(message), ()
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = without_identity_codes(record.stack_info)
        return True
