"""Evidence files of an employment path in the API: upload by content type and size, download as an attachment."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.apis.shared import order_access_record, visible_path
from contracts.models import EvidenceFile
from contracts.selectors import evidence_file_list
from contracts.services import evidence_upload
from contracts.views import evidence_file_response
from suppliers.access import request_actor
from suppliers.models import AccessAction


class EvidenceOutputSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "description", "uploaded_at", "download"]

    def get_download(self, evidence: EvidenceFile) -> str:
        return reverse("api:evidence-download", kwargs={"pk": evidence.pk})


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, PNG or JPEG, judged by its content; at most EVIDENCE_MAX_BYTES.")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class EmploymentPathEvidenceApi(APIView):
    """Upload evidence (multipart `file`): PDF, PNG or JPEG by content, within the size limit."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = EvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = evidence_upload(
            user=request.user,
            path=path,
            upload=payload.validated_data["file"],
            description=payload.validated_data["description"],
        )
        order_access_record(
            request, path.service_order, AccessAction.CREATE, "api:employment-path-evidence", f"evidence:{evidence.pk}"
        )
        return Response(EvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDownloadApi(APIView):
    """The evidence file as an attachment; another provider's (or an ended order's) evidence is 404."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        evidence = get_object_or_404(evidence_file_list(actor=request_actor(request)), pk=pk)
        return evidence_file_response(user=request.user, evidence=evidence, resource="api:evidence-download")
