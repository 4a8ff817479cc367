"""The monitoring pages and API views: the index, then each dashboard's own urls."""

from django.urls import path

from reporting.monitoring import views
from reporting.monitoring.anomalies import urls as anomalies
from reporting.monitoring.completeness import urls as completeness
from reporting.monitoring.money import urls as money
from reporting.monitoring.outcomes import urls as outcomes
from reporting.monitoring.report import urls as report
from reporting.monitoring.review import urls as review

AREAS = (completeness, review, money, outcomes, anomalies, report)

urlpatterns = [path("monitoring/", views.monitoring_index, name="monitoring")]
for area in AREAS:
    urlpatterns += area.urlpatterns

api_urlpatterns = [pattern for area in AREAS for pattern in area.api_urlpatterns]
