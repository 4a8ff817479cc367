"""The provider admin's pages, included under the site root by portal/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from suppliers import views

urlpatterns: list[URLPattern] = [
    path("staff/", views.staff_list_page, name="staff-list"),
    path("staff/invite/", views.staff_invite_page, name="staff-invite"),
    path("staff/<int:pk>/", views.staff_detail_page, name="staff-detail"),
    path("staff/welcome/<uidb64>/<token>/", views.StaffWelcomeView.as_view(), name="staff-welcome"),
    path("api-tokens/", views.api_token_list_page, name="api-token-list"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke_page, name="api-token-revoke"),
]
