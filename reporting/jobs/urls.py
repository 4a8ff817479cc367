"""Jobs' pages (under the site root) and API views (under /api/v1/, namespace "api")."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.jobs import apis, views

urlpatterns: list[URLPattern] = [
    path("jobs/", views.job_list_page, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail_page, name="job-detail"),
    path("jobs/<int:pk>/download/", views.job_download_page, name="job-download"),
    path("monitoring/report/job/", views.monitoring_pdf_job_start_page, name="monitoring-report-job"),
    path("reports/<int:pk>/workbook-job/", views.report_workbook_job_start_page, name="report-workbook-job"),
]

api_urlpatterns: list[URLPattern] = [
    path("jobs/", apis.JobListCreateApi.as_view(), name="job-list"),
    path("jobs/<int:pk>/", apis.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<int:pk>/download/", apis.JobDownloadApi.as_view(), name="job-download"),
]
