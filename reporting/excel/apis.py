"""The workbook endpoints of the API (docs §13): the pre-filled template and the upload."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.apis import FindingOutputSerializer, findings_payload
from reporting.excel.archive import UploadRefused, size_check
from reporting.excel.importer import UploadResult, report_workbook_upload
from reporting.excel.template import XLSX_CONTENT_TYPE, template_filename, template_workbook
from reporting.models import Report, ReportEntry
from reporting.selectors import report_entry_list, report_list
from reporting.services import report_access_record
from suppliers.access import request_actor
from suppliers.models import AccessAction


def visible_report(request: Any, pk: int) -> Report:
    return get_object_or_404(report_list(actor=request_actor(request)), pk=pk)


def template_response(request: Any, report: Report, *, resource: str) -> HttpResponse:
    """The workbook as a download; every client in it is logged (docs §11)."""
    entries = list(report_entry_list(actor=request_actor(request), report=report, days=False))
    content = template_workbook(report=report, entries=entries, language=get_language())
    report_access_record(
        user=request.user, report=report, entries=entries, action=AccessAction.DOWNLOAD, resource=resource
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(report)}"'
    response["Cache-Control"] = "no-store"
    return response


def upload_run(request: Any, report: Report, data: bytes, *, dry_run: bool, resource: str) -> UploadResult:
    """Apply (or preview) an upload; the clients whose entries changed are logged as updated."""
    entries: list[ReportEntry] = list(report_entry_list(actor=request_actor(request), report=report, contents=False))
    result = report_workbook_upload(user=request.user, report=report, entries=entries, data=data, dry_run=dry_run)
    if result.applied:
        report_access_record(
            user=request.user, report=report, entries=entries, action=AccessAction.UPDATE, resource=resource
        )
    return result


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The report's workbook (.xlsx), as downloaded and filled in.")


class UploadOutputSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField(help_text="False for a preview, and when the file changed nothing.")
    changed_entries = serializers.IntegerField()
    unchanged_entries = serializers.IntegerField()
    findings = FindingOutputSerializer(many=True)


class UploadErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    findings = FindingOutputSerializer(many=True, help_text="Each problem with its sheet and cell.")


class ReportTemplateApi(APIView):
    @extend_schema(
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook.")},
        description="The report as a pre-filled workbook in the caller's language (Accept-Language).",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return template_response(request, visible_report(request, pk), resource="api:report-template")


class ReportUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run", OpenApiTypes.BOOL, description="Preview: check and validate, then change nothing."
            )
        ],
        responses={
            200: UploadOutputSerializer,
            400: UploadErrorSerializer,
            409: OpenApiResponse(
                UploadErrorSerializer,
                description="Entries the file changes were changed in the portal after the workbook was downloaded "
                "(code stale_version, each named by its cell), or the report can no longer be edited.",
            ),
        },
        description="Apply a filled workbook, all or nothing. Every problem is named by sheet and cell. The workbook "
        "records the version of each entry it was downloaded with: an entry the file leaves as it was keeps what "
        "is stored, and one it changes after an edit in the portal is refused rather than overwritten.",
    )
    def post(self, request: Request, pk: int) -> Response:
        report = visible_report(request, pk)
        payload = UploadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        actor = request_actor(request)
        try:
            size_check(upload.size)  # before reading it into memory
            result = upload_run(request, report, upload.read(), dry_run=dry_run, resource="api:report-upload")
        except UploadRefused as exc:
            findings = FindingOutputSerializer(exc.findings, many=True).data
            return Response({"code": exc.code, "detail": str(exc.detail), "findings": findings}, status=exc.status_code)
        return Response(
            {
                "dry_run": result.dry_run,
                "applied": result.applied,
                "changed_entries": result.changed_entries,
                "unchanged_entries": result.unchanged_entries,
                "findings": findings_payload(result.findings, city=actor.is_city_user, locate=result.locate),
            }
        )
