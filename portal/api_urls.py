from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from contracts.apis import catalogue as catalogue_apis
from contracts.apis import clients as client_apis
from contracts.apis import contracts as contract_apis
from contracts.apis import employment_paths as employment_path_apis
from contracts.apis import evidence as evidence_apis
from contracts.apis import goals as goal_apis
from contracts.apis import quality_of_life as quality_of_life_apis
from contracts.apis import service_orders as service_order_apis
from portal.api_docs import ApiDocsView
from reporting import apis as report_apis
from reporting import outcome_apis as report_outcome_apis
from reporting.excel import apis as excel_apis
from reporting.jobs.urls import api_urlpatterns as job_api_urlpatterns
from reporting.monitoring.urls import api_urlpatterns as monitoring_api_urlpatterns
from reporting.payroll import apis as payroll_apis
from reporting.self_evaluations.urls import api_urlpatterns as self_evaluation_api_urlpatterns
from suppliers import apis as supplier_apis

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("providers/", supplier_apis.ProviderListApi.as_view(), name="provider-list"),
    path("providers/<int:pk>/", supplier_apis.ProviderDetailApi.as_view(), name="provider-detail"),
    path("products/", catalogue_apis.ProductListApi.as_view(), name="product-list"),
    path("products/<int:pk>/", catalogue_apis.ProductDetailApi.as_view(), name="product-detail"),
    path("contracts/", contract_apis.ContractListApi.as_view(), name="contract-list"),
    path("contracts/<int:pk>/", contract_apis.ContractDetailApi.as_view(), name="contract-detail"),
    path("ordering-units/", catalogue_apis.OrderingUnitListApi.as_view(), name="ordering-unit-list"),
    path("work-share-rates/", catalogue_apis.WorkShareRateListApi.as_view(), name="work-share-rate-list"),
    path("service-orders/", service_order_apis.ServiceOrderListCreateApi.as_view(), name="service-order-list"),
    path("service-orders/<int:pk>/", service_order_apis.ServiceOrderDetailApi.as_view(), name="service-order-detail"),
    path("clients/", client_apis.ClientListApi.as_view(), name="client-list"),
    path("clients/<int:pk>/", client_apis.ClientDetailApi.as_view(), name="client-detail"),
    path(
        "service-orders/<int:pk>/goals/",
        goal_apis.ServiceOrderGoalListCreateApi.as_view(),
        name="service-order-goals",
    ),
    path("goals/<int:pk>/", goal_apis.GoalDetailApi.as_view(), name="goal-detail"),
    path(
        "service-orders/<int:pk>/quality-of-life/",
        quality_of_life_apis.ServiceOrderQualityOfLifeApi.as_view(),
        name="service-order-quality-of-life",
    ),
    path(
        "service-orders/<int:pk>/employment-paths/",
        employment_path_apis.ServiceOrderEmploymentPathApi.as_view(),
        name="service-order-employment-paths",
    ),
    path(
        "employment-paths/<int:pk>/",
        employment_path_apis.EmploymentPathDetailApi.as_view(),
        name="employment-path-detail",
    ),
    path(
        "employment-paths/<int:pk>/decide/",
        employment_path_apis.EmploymentPathDecideApi.as_view(),
        name="employment-path-decide",
    ),
    path(
        "employment-paths/<int:pk>/goals/",
        employment_path_apis.EmploymentPathGoalApi.as_view(),
        name="employment-path-goals",
    ),
    path(
        "employment-paths/<int:pk>/progress/",
        employment_path_apis.EmploymentPathProgressApi.as_view(),
        name="employment-path-progress",
    ),
    path(
        "employment-paths/<int:pk>/evidence/",
        evidence_apis.EmploymentPathEvidenceApi.as_view(),
        name="employment-path-evidence",
    ),
    path(
        "employment-paths/<int:pk>/close/",
        employment_path_apis.EmploymentPathCloseApi.as_view(),
        name="employment-path-close",
    ),
    path(
        "employment-paths/<int:pk>/verify/",
        employment_path_apis.EmploymentPathVerifyApi.as_view(),
        name="employment-path-verify",
    ),
    path("evidence/<int:pk>/download/", evidence_apis.EvidenceDownloadApi.as_view(), name="evidence-download"),
    path("outcomes/gas/", report_outcome_apis.GasOutcomesApi.as_view(), name="gas-outcomes"),
    path("reports/", report_apis.ReportListCreateApi.as_view(), name="report-list"),
    path("reports/<int:pk>/", report_apis.ReportDetailApi.as_view(), name="report-detail"),
    path("reports/<int:pk>/entries/", report_apis.ReportEntryListApi.as_view(), name="report-entry-list"),
    path(
        "reports/<int:pk>/entries/<int:entry_id>/",
        report_apis.ReportEntryDetailApi.as_view(),
        name="report-entry-detail",
    ),
    path("reports/<int:pk>/findings/", report_apis.ReportFindingsApi.as_view(), name="report-findings"),
    path("reports/<int:pk>/validate/", report_apis.ReportValidateApi.as_view(), name="report-validate"),
    path("reports/<int:pk>/submit/", report_apis.ReportSubmitApi.as_view(), name="report-submit"),
    path("reports/<int:pk>/return/", report_apis.ReportReturnApi.as_view(), name="report-return"),
    path("reports/<int:pk>/approve/", report_apis.ReportApproveApi.as_view(), name="report-approve"),
    path("reports/<int:pk>/reopen/", report_apis.ReportReopenApi.as_view(), name="report-reopen"),
    path("reports/<int:pk>/template.xlsx", excel_apis.ReportTemplateApi.as_view(), name="report-template"),
    path("reports/<int:pk>/upload/", excel_apis.ReportUploadApi.as_view(), name="report-upload"),
    path("payroll-batches/", payroll_apis.PayrollBatchListCreateApi.as_view(), name="payroll-batch-list"),
    path("payroll-batches/<int:pk>/", payroll_apis.PayrollBatchDetailApi.as_view(), name="payroll-batch-detail"),
    path(
        "payroll-batches/<int:pk>/export.xlsx",
        payroll_apis.PayrollBatchExportApi.as_view(kind="xlsx"),
        name="payroll-batch-xlsx",
    ),
    path(
        "payroll-batches/<int:pk>/export.csv",
        payroll_apis.PayrollBatchExportApi.as_view(kind="csv"),
        name="payroll-batch-csv",
    ),
]
urlpatterns += monitoring_api_urlpatterns
urlpatterns += job_api_urlpatterns
urlpatterns += self_evaluation_api_urlpatterns
