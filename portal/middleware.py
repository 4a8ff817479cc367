from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class NoStoreMiddleware:
    """No caching of pages that show client data: anything answered to a signed-in user is `no-store`.

    The Content-Security-Policy came from here too; django-csp sets it now (CONTENT_SECURITY_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response


class RequestSizeLimitMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, before anything reads it: JSON `{code, detail}` on the
    API, a page elsewhere. Django alone answered an HTML 400 (RequestDataTooBig), and DRF read a large JSON
    body without the limit at all. Files in a multipart form do not count (their own limits apply); a form
    whose other fields are too large is a 413 too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            multipart = request.content_type == "multipart/form-data"
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if not multipart and length > limit:
                return self._too_large(request, limit)
            if multipart and not request.path.startswith("/api/"):
                try:
                    request.POST  # noqa: B018 - parsing is the check; Django raises while it reads
                except RequestDataTooBig:
                    return self._too_large(request, limit)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest, limit: int) -> HttpResponse:
        megabytes = f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
        detail = _("The request is too large: at most %(size)s MB is accepted.") % {"size": megabytes}
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "request_too_large", "detail": detail}, status=413)
        return render(request, "413.html", {"detail": detail}, status=413)
