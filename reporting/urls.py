from django.urls import path, re_path

from reporting import views
from reporting.excel import views as excel_views

urlpatterns = [
    path("outcomes/gas/", views.gas_outcomes_page, name="gas-outcomes"),
    path("reports/", views.report_month_page, name="report-month"),
    path("reports/new/", views.report_create_page, name="report-create"),
    path("reports/<int:pk>/", views.report_detail_page, name="report-detail"),
    path("reports/<int:pk>/entries/<int:entry_id>/", views.report_entry_page, name="report-entry"),
    path("reports/<int:pk>/template.xlsx", excel_views.report_template_page, name="report-template"),
    path("reports/<int:pk>/upload/", excel_views.report_upload_page, name="report-upload"),
    re_path(
        r"^reports/(?P<pk>[0-9]+)/(?P<action>validate|submit|reopen)/$",
        views.report_action_page,
        name="report-action",
    ),
]
