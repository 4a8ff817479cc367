"""The money and budget pages and their API views, gathered by reporting/monitoring/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from reporting.monitoring.money.apis import BudgetApi, MoneyApi
from reporting.monitoring.money.views import budget_page, money_page

# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/money/", money_page, name="monitoring-money"),
    path("monitoring/budget/", budget_page, name="monitoring-budget"),
]


# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/money/", MoneyApi.as_view(), name="monitoring-money"),
    path("monitoring/budget/", BudgetApi.as_view(), name="monitoring-budget"),
]
