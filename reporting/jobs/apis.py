"""Background jobs in the public API (docs §13): start one, follow its state, download its file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.jobs.downloads import job_file_response
from reporting.jobs.inputs import (
    monitoring_pdf_parameters_from,
    payroll_batch_parameters,
    report_workbook_parameters,
)
from reporting.jobs.models import Job, JobKind, JobState
from reporting.jobs.permissions import may_see_job, require_may_start_job
from reporting.jobs.presenter import job_error_text
from reporting.jobs.selectors import job_list
from reporting.jobs.services import job_start
from reporting.payroll.apis import PayrollBatchCreateSerializer
from suppliers.access import request_actor
from suppliers.models import Provider


class JobOutputSerializer(serializers.ModelSerializer):
    error = serializers.SerializerMethodField(help_text="Why the job failed, in the caller's language.")
    download = serializers.SerializerMethodField(help_text="The result file's URL once the job is done.")
    payroll_batch: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The batch a payroll job made."
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "state",
            "progress",
            "parameters",
            "created_at",
            "started_at",
            "finished_at",
            "error_code",
            "error",
            "download",
            "payroll_batch",
            "summary",
        ]

    def get_error(self, job: Job) -> str:
        return job_error_text(job)

    def get_download(self, job: Job) -> str | None:
        if job.state != JobState.DONE or not job.result_file:
            return None
        return reverse("api:job-download", args=[job.pk])


class JobStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[JobKind.MONITORING_PDF, JobKind.PAYROLL_BATCH, JobKind.REPORT_WORKBOOK],
        help_text="What to run: the monitoring PDF, a payroll batch or a report's workbook.",
    )
    parameters = serializers.DictField(
        required=False,
        default=dict,
        help_text=(
            "monitoring_pdf: `from`, `to` (YYYY-MM), `provider`, `contract` as in GET monitoring/report.pdf; "
            "payroll_batch: `period`, `provider`, `format` as in POST payroll-batches/; report_workbook: `report`."
        ),
    )


class JobListCreateApi(generics.ListAPIView):
    """The caller's own background jobs, newest first; POST starts one (202, then follow its `state`)."""

    serializer_class = JobOutputSerializer

    def get_queryset(self) -> QuerySet[Job]:
        return job_list(actor=request_actor(self.request))

    @extend_schema(request=JobStartSerializer, responses={202: JobOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        payload = JobStartSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kind, data = payload.validated_data["kind"], payload.validated_data["parameters"]
        if kind != JobKind.REPORT_WORKBOOK:  # a report the caller cannot see is a 404, found with its parameters
            require_may_start_job(actor, kind, {})
        parameters = _parameters(request, kind, data)
        job = job_start(user=request.user, kind=kind, parameters=parameters)
        response = Response(JobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("api:job-detail", args=[job.pk])
        return response


def _parameters(request: Request, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    actor = request_actor(request)
    if kind == JobKind.MONITORING_PDF:
        return monitoring_pdf_parameters_from({key: "" if value is None else str(value) for key, value in data.items()})
    if kind == JobKind.PAYROLL_BATCH:
        payroll = PayrollBatchCreateSerializer(data=data)
        if not payroll.is_valid():
            raise ValidationError({f"parameters.{name}": errors for name, errors in payroll.errors.items()})
        provider_id = payroll.validated_data.get("provider")
        provider = get_object_or_404(Provider, pk=provider_id) if provider_id else None
        payroll_format = payroll.validated_data.get("format")
        return payroll_batch_parameters(
            actor=actor,
            period=payroll.validated_data["period"],
            provider=provider,
            format_name=payroll_format.name if payroll_format else None,
        )
    return report_workbook_parameters(actor=actor, report_id=data.get("report"))


class JobDetailApi(APIView):
    @extend_schema(responses=JobOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        job = get_object_or_404(job_list(actor=actor), pk=pk)
        if not may_see_job(actor, job):
            raise Http404("no such job")
        return Response(JobOutputSerializer(job).data)


class JobDownloadApi(APIView):
    """The finished job's file (PDF or XLSX); every client it names is logged. 404 until it is done."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="A monitoring report."),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY, description="A report's workbook."
            ),
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        job = get_object_or_404(job_list(actor=request_actor(request)), pk=pk)
        return job_file_response(user=request.user, job=job, resource="api:job-download")
