"""The anomalies page and its API view, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.anomalies.apis import AnomaliesApi
from reporting.monitoring.anomalies.views import anomalies_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [path("monitoring/anomalies/", anomalies_page, name="monitoring-anomalies")]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/anomalies/", AnomaliesApi.as_view(), name="monitoring-anomalies"),
]
