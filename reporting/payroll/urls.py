from django.urls import path, re_path

from reporting.payroll import views

urlpatterns = [
    path("payroll/", views.payroll_batch_list_page, name="payroll-batch-list"),
    path("payroll/<int:pk>/", views.payroll_batch_detail_page, name="payroll-batch-detail"),
    re_path(
        r"^payroll/(?P<pk>[0-9]+)/export\.(?P<kind>xlsx|csv)$",
        views.payroll_batch_download_page,
        name="payroll-batch-download",
    ),
]
