from django.urls import path, re_path

from contracts import views

urlpatterns = [
    path("service-orders/", views.service_order_list_page, name="service-order-list"),
    path("service-orders/new/", views.service_order_create_page, name="service-order-create"),
    path("service-orders/<int:pk>/", views.service_order_detail_page, name="service-order-detail"),
    path("service-orders/<int:pk>/goals/new/", views.goal_create_page, name="goal-create"),
    path("goals/<int:pk>/edit/", views.goal_edit_page, name="goal-edit"),
    path("service-orders/<int:pk>/quality-of-life/", views.quality_of_life_page, name="quality-of-life"),
    path(
        "service-orders/<int:pk>/employment-paths/new/",
        views.employment_path_propose_page,
        name="employment-path-propose",
    ),
    path("employment-paths/<int:pk>/", views.employment_path_detail_page, name="employment-path-detail"),
    re_path(
        r"^employment-paths/(?P<pk>[0-9]+)/(?P<action>decide|goal|progress|evidence|close|verify)/$",
        views.employment_path_action_page,
        name="employment-path-action",
    ),
    path("evidence/<int:pk>/download/", views.evidence_download_page, name="evidence-download"),
    path("clients/<int:pk>/", views.client_detail_page, name="client-detail"),
    path("contracts/", views.contract_list_page, name="contract-list"),
    path("contracts/<int:pk>/", views.contract_detail_page, name="contract-detail"),
    path("products/", views.product_list_page, name="product-list"),
]
