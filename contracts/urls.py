from django.urls import path

from contracts import views

urlpatterns = [
    path("service-orders/", views.service_order_list_page, name="service-order-list"),
    path("service-orders/new/", views.service_order_create_page, name="service-order-create"),
    path("service-orders/<int:pk>/", views.service_order_detail_page, name="service-order-detail"),
    path("clients/<int:pk>/", views.client_detail_page, name="client-detail"),
    path("contracts/", views.contract_list_page, name="contract-list"),
    path("contracts/<int:pk>/", views.contract_detail_page, name="contract-detail"),
    path("products/", views.product_list_page, name="product-list"),
]
