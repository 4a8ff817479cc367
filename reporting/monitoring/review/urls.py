"""The review pages and API views, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.review.apis import ReportChangesApi, ReviewQueueApi
from reporting.monitoring.review.views import review_queue_page, review_report_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/review/", review_queue_page, name="monitoring-review"),
    path("monitoring/review/<int:pk>/", review_report_page, name="monitoring-review-report"),
]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/review-queue/", ReviewQueueApi.as_view(), name="monitoring-review-queue"),
    path("reports/<int:pk>/changes/", ReportChangesApi.as_view(), name="report-changes"),
]
