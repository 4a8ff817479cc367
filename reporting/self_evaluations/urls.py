"""The self-evaluation pages and API views (docs §10), included by portal/urls.py and portal/api_urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.self_evaluations import apis
from reporting.self_evaluations.views import (
    self_evaluation_create_page,
    self_evaluation_detail_page,
    self_evaluation_list_page,
)

# Pages, included under the site root by portal/urls.py.
urlpatterns: list[URLPattern] = [
    path("self-evaluations/", self_evaluation_list_page, name="self-evaluation-list"),
    path("self-evaluations/new/", self_evaluation_create_page, name="self-evaluation-create"),
    path("self-evaluations/<int:pk>/", self_evaluation_detail_page, name="self-evaluation-detail"),
]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("self-evaluations/", apis.SelfEvaluationListApi.as_view(), name="self-evaluation-list"),
    path("self-evaluations/<int:pk>/", apis.SelfEvaluationDetailApi.as_view(), name="self-evaluation-detail"),
    path("self-evaluations/<int:pk>/submit/", apis.SelfEvaluationSubmitApi.as_view(), name="self-evaluation-submit"),
    path(
        "self-evaluations/<int:pk>/comments/",
        apis.SelfEvaluationCommentApi.as_view(),
        name="self-evaluation-comments",
    ),
]
