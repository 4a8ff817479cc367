"""What every API view shares: pagination, the JSON error shape {code, detail}, and the actor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError
from portal.throttles import AnonymousThrottle


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _django_validation_payload(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
        first_field, first_messages = next(iter(errors.items()))
        detail = first_messages[0] if first_field == "__all__" else f"{first_field}: {first_messages[0]}"
        return {"code": "invalid", "detail": detail, "errors": errors}
    messages = [str(message) for message in exc.messages]
    code = getattr(exc, "code", None) or "invalid"
    return {"code": code, "detail": " ".join(messages), "errors": {"__all__": messages}}


def located_errors(errors: Any, where: str = "") -> dict[str, list[str]]:
    """Nested input errors as flat keys that say where (`days[1].status`), as the services name them."""
    if isinstance(errors, dict):
        items: list[tuple[Any, Any]] = list(errors.items())
    elif isinstance(errors, list) and any(isinstance(item, (dict, list)) for item in errors):
        items = list(enumerate(errors))
    else:
        messages = errors if isinstance(errors, list) else [errors]
        return {where or "__all__": [str(message) for message in messages]} if messages else {}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        inner = f"{where}[{key}]" if isinstance(key, int) else (f"{where}.{key}" if where else str(key))
        flat.update(located_errors(value, inner))
    return flat


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error leaves the API as {code, detail} (and `errors` per field for invalid input)."""
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "detail": str(exc.detail)}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        # Every API view needs a user, so DRF refuses anonymous calls before its throttles run: count them here,
        # per address, and answer 429 (with Retry-After) past the anonymous rate.
        request = context.get("request")
        throttle = AnonymousThrottle()
        view: Any = context.get("view")
        if request is not None and not throttle.allow_request(request, view):
            exc = exceptions.Throttled(throttle.wait())
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = located_errors(exc.detail) or {"__all__": ["Invalid input."]}
        first_field, first_messages = next(iter(errors.items()))
        first_message = first_messages[0] if first_messages else "Invalid input."
        detail = first_message if first_field in ("__all__", "non_field_errors") else f"{first_field}: {first_message}"
        response.data = {"code": "invalid", "detail": detail, "errors": errors}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = {"code": code, "detail": str(exc.detail)}
    return response
