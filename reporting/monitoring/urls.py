from django.urls import path

from reporting.monitoring import (
    anomalies_views,
    completeness_views,
    money_views,
    outcomes_views,
    report_views,
    review_views,
    self_evaluation_views,
    views,
)

AREAS = (
    completeness_views,
    review_views,
    money_views,
    outcomes_views,
    anomalies_views,
    self_evaluation_views,
    report_views,
)

urlpatterns = [path("monitoring/", views.monitoring_index, name="monitoring")]
for area in AREAS:
    urlpatterns += area.urlpatterns

api_urlpatterns = [pattern for area in AREAS for pattern in area.api_urlpatterns]
