from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from contracts import apis as contract_apis
from suppliers import apis as supplier_apis

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("providers/", supplier_apis.ProviderListApi.as_view(), name="provider-list"),
    path("providers/<int:pk>/", supplier_apis.ProviderDetailApi.as_view(), name="provider-detail"),
    path("products/", contract_apis.ProductListApi.as_view(), name="product-list"),
    path("products/<int:pk>/", contract_apis.ProductDetailApi.as_view(), name="product-detail"),
    path("contracts/", contract_apis.ContractListApi.as_view(), name="contract-list"),
    path("contracts/<int:pk>/", contract_apis.ContractDetailApi.as_view(), name="contract-detail"),
    path("ordering-units/", contract_apis.OrderingUnitListApi.as_view(), name="ordering-unit-list"),
    path("work-share-rates/", contract_apis.WorkShareRateListApi.as_view(), name="work-share-rate-list"),
    path("service-orders/", contract_apis.ServiceOrderListCreateApi.as_view(), name="service-order-list"),
    path("service-orders/<int:pk>/", contract_apis.ServiceOrderDetailApi.as_view(), name="service-order-detail"),
    path("clients/", contract_apis.ClientListApi.as_view(), name="client-list"),
    path("clients/<int:pk>/", contract_apis.ClientDetailApi.as_view(), name="client-detail"),
]
