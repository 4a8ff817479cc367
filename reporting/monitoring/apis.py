"""What every monitoring API view shares: a Dashboard as JSON, in one documented shape."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

DashboardSerializer = inline_serializer(
    name="Dashboard",
    fields={
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "figures": inline_serializer(
            name="DashboardFigure",
            fields={
                "label": serializers.CharField(),
                "value": serializers.JSONField(allow_null=True),
                "kind": serializers.CharField(),
                "status": serializers.ChoiceField(choices=["ok", "warning", "alert"]),
            },
            many=True,
        ),
        "tables": inline_serializer(
            name="DashboardTable",
            fields={
                "slug": serializers.CharField(),
                "title": serializers.CharField(),
                "columns": inline_serializer(
                    name="DashboardColumn",
                    fields={
                        "key": serializers.CharField(),
                        "label": serializers.CharField(),
                        "kind": serializers.CharField(),
                    },
                    many=True,
                ),
                "rows": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)
