"""The monitoring report's pages and API view, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.report.apis import MonitoringReportPdfApi
from reporting.monitoring.report.views import monitoring_report_download, monitoring_report_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/report/", monitoring_report_page, name="monitoring-report"),
    path("monitoring/report.pdf", monitoring_report_download, name="monitoring-report-pdf"),
]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/report.pdf", MonitoringReportPdfApi.as_view(), name="monitoring-report-pdf"),
]
