"""Who and which request a log line belongs to: a request id and the user id, never client data.

The middleware puts the request id (the proxy's `X-Request-ID` when it is a plain token, else a new one) in a
context variable, echoes it as a response header and leaves both ids in the WSGI environ, where gunicorn's access
logger (`portal.gunicorn_logging`) reads them. A logging filter copies the ids onto every record made while the
request runs. Only ids are logged: never an identity code, a name or any submitted value.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# Keys in the WSGI environ (Django's request.META is that same dict) for the access log.
ENVIRON_REQUEST_ID = "portal.request_id"
ENVIRON_USER_ID = "portal.user_id"
# Paths probed every few seconds by the load balancer: they would drown the access log and say nothing.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})

# A proxy's id is kept only when it cannot smuggle anything into a log line (no spaces, quotes, newlines).
_ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass
class RequestContext:
    request_id: str
    request: HttpRequest


_current: ContextVar[RequestContext | None] = ContextVar("portal_request", default=None)


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a plain token, else a new random one."""
    if header and _ACCEPTABLE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in user's id if authentication has already run; never triggers a query of its own."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if not user.is_authenticated:
        return None
    return int(user.pk)


class RequestIdMiddleware:
    """Gives each request an id for the logs and the response, and tells the access log who asked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.META[ENVIRON_REQUEST_ID] = request_id
        # Left set until the response is closed (request_finished): Django logs a 4xx/5xx after the
        # middleware has returned, and that line needs the id too.
        _current.set(RequestContext(request_id=request_id, request=request))
        response = self.get_response(request)
        # A token-authenticated API call knows its user only once DRF has run inside the view.
        user_id = user_id_of(request)
        if user_id is not None:
            request.META[ENVIRON_USER_ID] = user_id
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request(**kwargs: Any) -> None:
    """Connected to request_finished: a worker thread's next log lines belong to no request."""
    _current.set(None)


request_finished.connect(forget_request, dispatch_uid="portal.request_log.forget_request")


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record made while a request runs (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id if context else None
        record.user_id = user_id_of(context.request) if context else None
        return True


class TextFormatter(logging.Formatter):
    """Plain lines for a terminal (LOG_FORMAT=text): the request and user ids only where there are some."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        if request_id is None:
            return line
        return f"{line} [request {request_id}, user {getattr(record, 'user_id', None) or '-'}]"


class ServerLineFilter(logging.Filter):
    """The development server's request lines: without query strings, and without the health probes.

    A query string may hold a search term or, typed by mistake, an identity code; the path never does.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if not isinstance(args, tuple) or not args or not isinstance(args[0], str):
            return True
        method, _, rest = args[0].partition(" ")
        target, _, protocol = rest.partition(" ")
        path = target.split("?", 1)[0]
        if path in QUIET_PATHS:
            return False
        record.args = (f"{method} {path} {protocol}".strip(), *args[1:])
        return True
