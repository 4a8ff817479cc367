"""The completeness page and its API view, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.completeness.apis import CompletenessApi
from reporting.monitoring.completeness.views import completeness_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/completeness/", completeness_page, name="monitoring-completeness"),
]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/completeness/", CompletenessApi.as_view(), name="monitoring-completeness"),
]
