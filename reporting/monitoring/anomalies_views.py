"""Pages and API views of the anomalies part of monitoring (to be built)."""

from __future__ import annotations

from django.urls import URLPattern

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = []
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = []
