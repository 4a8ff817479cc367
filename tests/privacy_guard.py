"""A pytest plugin: no personal identity code in any URL, log line or error page during the test run (docs §11,
issue #15 acceptance 6).

Every request the Django test client (and DRF's APIClient, built on it) sends has its path, query string and,
for an answer of 4xx or 5xx, its body scanned; a redirect's Location too. A handler on the root logger scans
every record's message and the exception text as the portal's log formatter writes it. A test during which a
code appears fails, naming where it appeared (with the code masked).

A test that sends a code in a URL on purpose, to show the portal does nothing with it, says so with
`@pytest.mark.identity_code_in_url("why")`: the URL is then not scanned for that test; logs and error pages still
are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_plus

import pytest
from django.test.client import Client

from core.text import IDENTITY_CODE_IN_TEXT, without_identity_codes
from portal.log_privacy import PrivateFormatter

violations: list[str] = []
_state = {"urls": True}


def scan(where: str, text: str) -> None:
    match = IDENTITY_CODE_IN_TEXT.search(text)
    if match:
        start = max(match.start() - 40, 0)
        violations.append(f"{where}: …{without_identity_codes(text[start : match.end() + 40])}…")


class _Capture(logging.Handler):
    formatter_for_exceptions = PrivateFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not a leak
            message = str(record.msg)
        scan(f"log record of {record.name}", message)
        if record.exc_info:
            scan(f"logged exception of {record.name}", self.formatter_for_exceptions.formatException(record.exc_info))


_original_request = Client.request


def _guarded_request(self: Client, **request: Any) -> Any:
    if _state["urls"]:
        scan("requested URL", unquote_plus(str(request.get("PATH_INFO", ""))))
        scan("requested URL", unquote_plus(str(request.get("QUERY_STRING", ""))))
    response = _original_request(self, **request)
    location = response.get("Location") if hasattr(response, "get") else None
    if location:
        scan("redirect Location", unquote_plus(location))
    if response.status_code >= 400 and not getattr(response, "streaming", False):
        scan(f"error page ({response.status_code})", response.content.decode("utf-8", "replace"))
    return response


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "identity_code_in_url(reason): the test sends an identity code in a URL on purpose"
    )
    Client.request = _guarded_request  # type: ignore[method-assign]
    logging.getLogger().addHandler(_Capture(level=logging.DEBUG))


def _guard(item: pytest.Item, phase: str) -> None:
    if violations:
        found = list(dict.fromkeys(violations))
        violations.clear()
        pytest.fail(
            f"An identity code appeared during {phase} of {item.nodeid}:\n  " + "\n  ".join(found), pytrace=False
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    violations.clear()
    _state["urls"] = item.get_closest_marker("identity_code_in_url") is None
    result = yield
    _guard(item, "setup")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    _guard(item, "the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    result = yield
    try:
        _guard(item, "teardown")
    finally:
        _state["urls"] = True
    return result
