"""A pytest plugin: no personal identity code in any URL, log line or error page during the test run (docs §11,
issue #15 acceptance 6).

Every request the Django test client (and DRF's APIClient, built on it) sends has its path, query string and,
for an answer of 4xx or 5xx, its body scanned; a redirect's Location too. Every line the portal's log handler
writes is scanned as written (after its filters: the exception's message withheld, codes masked). A test during which a
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

violations: list[str] = []
_state = {"urls": True}


def scan(where: str, text: str) -> None:
    match = IDENTITY_CODE_IN_TEXT.search(text)
    if match:
        start = max(match.start() - 40, 0)
        violations.append(f"{where}: …{without_identity_codes(text[start : match.end() + 40])}…")


def _guard_log_lines() -> None:
    """Every line the portal's configured log handler writes (after its filters, as formatted) is scanned; the
    handler is wrapped once, after Django has configured logging."""
    for handler in logging.getLogger().handlers:
        if handler.name == "console" and not getattr(handler, "_privacy_guarded", False):
            original = handler.format

            def guarded_format(record: logging.LogRecord, original: Any = original) -> str:
                text = str(original(record))
                scan(f"log line of {record.name}", text)
                return text

            handler.format = guarded_format  # type: ignore[method-assign]
            handler._privacy_guarded = True  # type: ignore[attr-defined]


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
    _guard_log_lines()
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
