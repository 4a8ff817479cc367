"""The browsable API documentation page (kept apart from portal.api, which DRF loads while it sets up)."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions


# Swagger UI's own scripts come from our static files (its split view, not inline); it sets styles inline, so
# this one page's policy allows inline styles. Scripts stay 'self' only.
@method_decorator(csp_replace({"style-src": [SELF, UNSAFE_INLINE]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """The browsable API documentation. It reads the schema, which needs a login, so a browser without a session
    is sent to the login page and back here instead of meeting a bare 401; machine clients read `/api/v1/schema/`
    with their token."""

    # DRF's stubs say Response, but finalize_response passes any HttpResponseBase through, and a redirect is one.
    def handle_exception(self, exc: Exception) -> HttpResponseBase:  # type: ignore[override]
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
