"""The browsable API documentation page (kept apart from portal.api, which DRF loads while it sets up)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions


class ApiDocsView(SpectacularSwaggerSplitView):
    """The browsable API documentation. It reads the schema, which needs a login, so a browser without a session
    is sent to the login page and back here instead of meeting a bare 401; machine clients read `/api/v1/schema/`
    with their token."""

    # DRF's stubs say Response, but finalize_response passes any HttpResponseBase through, and a redirect is one.
    def handle_exception(self, exc: Exception) -> HttpResponseBase:  # type: ignore[override]
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
