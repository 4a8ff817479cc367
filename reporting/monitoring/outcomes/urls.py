"""The outcomes page and its API view, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.outcomes.apis import OutcomesApi
from reporting.monitoring.outcomes.views import outcomes_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [path("monitoring/outcomes/", outcomes_page, name="monitoring-outcomes")]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/outcomes/", OutcomesApi.as_view(), name="monitoring-outcomes"),
]
