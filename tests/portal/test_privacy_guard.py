"""The test run's privacy guard (tests/privacy_guard.py) notices an identity code in a log line, a URL or an
error page: otherwise the whole suite passing would say nothing about acceptance 6 of issue #15."""

from __future__ import annotations

import logging

import pytest

from tests import privacy_guard


@pytest.fixture
def found():
    privacy_guard.violations.clear()
    # A test clears what it provoked on purpose before it ends: the guard judges each test as its call ends.
    return privacy_guard.violations


def test_a_log_line_with_an_identity_code_is_noticed_and_reported_masked(world, found):
    """The portal's handler masks codes (its `private` filter): without that filter, the guard notices."""
    code = world.order.client.identity_code
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    private = [item for item in handler.filters if type(item).__name__ == "PrivateFilter"]
    for item in private:
        handler.removeFilter(item)
    try:
        logging.getLogger("portal.test").warning("client %s", code)
    finally:
        for item in private:
            handler.addFilter(item)

    assert len(found) == 1
    assert code not in found[0]
    assert code[:7] + "****" in found[0]
    found.clear()


def test_a_log_line_the_portal_writes_has_the_identity_code_masked(world, found):
    logging.getLogger("portal.test").warning("client %s", world.order.client.identity_code)

    assert found == []


def test_an_exception_logged_with_an_identity_code_in_its_message_is_not_a_finding(world, found):
    """The log formatter withholds exception messages: the line written holds no code."""
    try:
        raise ValueError(world.order.client.identity_code)
    except ValueError:
        logging.getLogger("portal.test").exception("failed")

    assert found == []


def test_a_url_with_an_identity_code_is_noticed(world, found):
    from tests import factories

    factories.api(world.monitor).get("/api/v1/clients/", {"search": world.order.client.identity_code})

    assert any("requested URL" in item for item in found)
    found.clear()


def test_an_error_page_with_an_identity_code_is_noticed(world, found):
    from tests import factories

    code = world.order.client.identity_code
    response = factories.api(world.monitor).post(
        "/api/v1/reports/", {"contract": world.line.contract_id, "period": code}, format="json"
    )

    assert response.status_code == 400
    assert any("error page (400)" in item for item in found)
    found.clear()
