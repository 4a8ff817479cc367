"""The API's JSON parser: DRF's, with a limit on how deep a body may nest.

Python's json module recurses once per level: a body nested about a thousand deep raised RecursionError, a
500. No request of this API nests more than a few levels, so a body deeper than MAX_DEPTH is refused as a
parse error (400) before any serializer walks it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _too_deep(data: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        message = _("The JSON body is nested too deep: at most %(depth)s levels of objects and lists.") % {
            "depth": MAX_DEPTH
        }
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(message) from exc
        if _too_deep(data, MAX_DEPTH):
            raise ParseError(message)
        return data
