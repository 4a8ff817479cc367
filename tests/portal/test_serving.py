"""Serving: health probes, request ids, and log lines that carry who and which request, never client data."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from portal.request_log import RequestContextFilter, TextFormatter
from tests import factories

REDIS_DB = "redis://127.0.0.1:6379/4"
NOBODY_LISTENS = "redis://127.0.0.1:9/0"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the portal's console handler writes, as the log collector would read it."""
    handlers = logging.getLogger().handlers
    handler = next(h for h in handlers if any(isinstance(f, RequestContextFilter) for f in h.filters))
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_healthz_answers_without_login_and_without_touching_the_database(
    db: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = HttpClient().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_ok_without_login_when_the_database_answers(db: Any) -> None:
    response = HttpClient().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@override_settings(CELERY_BROKER_URL=NOBODY_LISTENS)
def test_readyz_answers_503_when_the_configured_redis_does_not_answer_and_names_no_host(db: Any) -> None:
    response = HttpClient().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "unavailable"}}
    assert b"127.0.0.1" not in response.content


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DB}})
def test_readyz_checks_a_redis_cache_when_one_is_configured(db: Any) -> None:
    response = HttpClient().get("/readyz")
    if response.status_code == 503:
        pytest.skip("Redis does not answer on 127.0.0.1:6379 here")
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_the_probes_stay_open_when_every_other_page_requires_login(db: Any, settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.contrib.auth.middleware.LoginRequiredMiddleware"]

    assert HttpClient().get("/healthz").status_code == 200
    assert HttpClient().get("/readyz").status_code == 200
    assert HttpClient().get("/contracts/").status_code == 302


def test_probes_answer_only_reads(db: Any) -> None:
    assert HttpClient().post("/healthz").status_code == 405
    assert HttpClient().post("/readyz").status_code == 405


def test_a_response_echoes_the_callers_request_id(db: Any) -> None:
    response = HttpClient().get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("header", [None, "", "two words", "x" * 129, 'quote"d', "line\nbreak"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(db: Any, header: str | None) -> None:
    headers = {} if header is None else {"X-Request-ID": header}
    first = HttpClient().get("/healthz", headers=headers)["X-Request-ID"]
    second = HttpClient().get("/healthz", headers=headers)["X-Request-ID"]
    assert first != second
    assert len(first) == 32
    assert first.isalnum()


def test_a_log_line_during_a_request_carries_its_request_id_and_the_user_id_as_json(
    db: Any, log_output: io.StringIO
) -> None:
    user = factories.make_user()
    browser = HttpClient()
    browser.force_login(user)

    response = browser.get("/no-such-page/", headers={"X-Request-ID": "req-1"})

    assert response.status_code == 404
    (line,) = [line for line in json_lines(log_output) if line["name"] == "django.request"]
    assert line["request_id"] == "req-1"
    assert line["user_id"] == user.pk
    assert line["levelname"] == "WARNING"
    assert "timestamp" in line


def test_an_api_call_with_a_token_logs_the_token_users_id(db: Any, log_output: io.StringIO) -> None:
    user = factories.make_user()
    response = factories.api(user).get("/api/v1/reports/999999/", headers={"X-Request-ID": "req-2"})

    assert response.status_code == 404
    (line,) = [line for line in json_lines(log_output) if line["name"] == "django.request"]
    assert (line["request_id"], line["user_id"]) == ("req-2", user.pk)


def test_a_log_line_outside_a_request_carries_no_request_id(db: Any, log_output: io.StringIO) -> None:
    HttpClient().get("/healthz", headers={"X-Request-ID": "req-3"})
    logging.getLogger("portal.test").warning("after the request")

    (line,) = json_lines(log_output)
    assert (line["request_id"], line["user_id"]) == (None, None)


def _handlers_writing(logger_name: str, record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers a record passes through, as Logger.callHandlers walks them (pytest's capture left out)."""
    found: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(logger_name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                found.append(handler)
        logger = logger.parent if logger.propagate else None
    return found


@override_settings(DEBUG=True)
@pytest.mark.parametrize("logger_name", ["django.request", "django.server", "django.db.backends", "portal"])
def test_a_server_log_line_is_written_once_not_twice(logger_name: str) -> None:
    record = logging.LogRecord(logger_name, logging.WARNING, __file__, 1, "Not Found: /x", None, None)
    assert len(_handlers_writing(logger_name, record)) == 1


def test_the_development_servers_request_line_leaves_out_the_query_string(log_output: io.StringIO) -> None:
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /service-orders/?search=010190-900A HTTP/1.1", "200", "512"
    )
    (line,) = json_lines(log_output)
    assert line["message"] == '"GET /service-orders/ HTTP/1.1" 200 512'


def test_the_development_server_does_not_log_the_health_probes(log_output: io.StringIO) -> None:
    logging.getLogger("django.server").info('"%s" %s %s', "GET /readyz HTTP/1.1", "200", "40")
    assert log_output.getvalue() == ""


def test_plain_text_lines_name_the_request_and_user_only_inside_a_request() -> None:
    formatter = TextFormatter("%(levelname)s %(message)s")
    inside = logging.LogRecord("portal", logging.WARNING, __file__, 1, "slow page", None, None)
    inside.request_id, inside.user_id = "req-4", 17
    outside = logging.LogRecord("portal", logging.WARNING, __file__, 1, "started", None, None)
    outside.request_id, outside.user_id = None, None

    assert formatter.format(inside) == "WARNING slow page [request req-4, user 17]"
    assert formatter.format(outside) == "WARNING started"
