from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("accounts.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("", include("contracts.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.payroll.urls")),
    path("", include("reporting.monitoring.urls")),
    path("", include("reporting.self_evaluations.urls")),
    path("", include("suppliers.urls")),
    path("", include("reporting.jobs.urls")),
    path("api/v1/", include(("portal.api_urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    # Probes for the load balancer and the supervisor: no login, no client data (portal/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
