from django.urls import path

from reporting.monitoring import views
from reporting.monitoring.anomalies import views as anomalies_views
from reporting.monitoring.completeness import views as completeness_views
from reporting.monitoring.money import views as money_views
from reporting.monitoring.outcomes import views as outcomes_views
from reporting.monitoring.report import views as report_views
from reporting.monitoring.review import views as review_views
from reporting.self_evaluations import views as self_evaluation_views

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
