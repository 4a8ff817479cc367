"""The contracts part of the public API (SPEC §13): catalogue, contracts, service orders and clients."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.filters import ContractFilter, ProductFilter, ServiceOrderFilter
from contracts.models import (
    GOAL_INPUT_FIELDS,
    QOL_ITEM_FIELDS,
    Contract,
    ContractLine,
    ContractLinePrice,
    EmploymentPath,
    EmploymentPathGoal,
    EmploymentPathOutcome,
    EmploymentPathProgress,
    EvidenceFile,
    Goal,
    OrderingUnit,
    Procurement,
    Product,
    QualityOfLifeAssessment,
    QualityOfLifeKind,
    ServiceOrder,
    WorkShareRate,
)
from contracts.selectors import (
    client_list,
    contract_line_list,
    contract_list,
    employment_path_list,
    evidence_file_list,
    goal_list,
    ordering_unit_list,
    product_list,
    quality_of_life_summary,
    service_order_list,
    work_share_rate_list,
)
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_goal_add,
    employment_path_progress_record,
    employment_path_propose,
    employment_path_verify,
    evidence_upload,
    goal_create,
    goal_update,
    quality_of_life_record,
    service_order_create,
    service_order_update,
)
from contracts.views import evidence_file_response
from core.periods import Period
from suppliers.access import request_actor
from suppliers.models import AccessAction, Client, Provider
from suppliers.services import client_access_record

User = get_user_model()


# Output shapes -------------------------------------------------------------------------------------------


class ProductOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    # Separate contracts and purchases have no procurement: the schema must say the field may be null.
    procurement: serializers.SlugRelatedField[Procurement] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "procurement",
            "category",
            "unit",
            "purchase_kind",
            "includes_social_rehabilitation",
            "earns_work_share",
            "is_youth",
            "is_housing",
            "max_daily_hours",
            "youth_age_limit",
            "is_active",
        ]


class PriceOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractLinePrice
        fields = ["unit_price", "valid_from", "valid_to"]


class ContractLineOutputSerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Product] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    prices = PriceOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ContractLine
        fields = ["id", "product", "capacity", "prices"]


class ContractOutputSerializer(serializers.ModelSerializer):
    provider: serializers.PrimaryKeyRelatedField[Provider] = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    # Separate contracts and purchases have no procurement: the schema must say the field may be null.
    procurement: serializers.SlugRelatedField[Procurement] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    lines = ContractLineOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "title",
            "provider",
            "provider_name",
            "procurement",
            "purchase_kind",
            "starts_on",
            "ends_on",
            "report_due_day",
            "lines",
        ]


class OrderingUnitOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = OrderingUnit
        fields = ["id", "code", "name", "name_fi", "name_sv", "name_en", "may_order_tendered"]


class WorkShareRateOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkShareRate
        fields = ["id", "amount_per_hour", "effective_from", "decision_reference"]


class ClientOutputSerializer(serializers.ModelSerializer):
    """Never the full identity code: only its masked form (SPEC §11)."""

    identity_code_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["id", "first_name", "last_name", "identity_code_masked", "language"]


class GoalOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = [
            "id",
            "area",
            "description",
            "baseline",
            "level_minus_2",
            "level_minus_1",
            "level_0",
            "level_plus_1",
            "level_plus_2",
            "weight",
            "target_date",
        ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return user.get_full_name() or user.get_username()


class ServiceOrderOutputSerializer(serializers.ModelSerializer):
    client = ClientOutputSerializer(read_only=True)
    ordering_unit: serializers.SlugRelatedField[OrderingUnit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    provider: serializers.PrimaryKeyRelatedField[Provider] = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract = serializers.IntegerField(source="contract_line.contract_id", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True)
    product = serializers.CharField(source="contract_line.product.code", read_only=True)
    responsible_worker = PersonSerializer(read_only=True)
    goals = GoalOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "client",
            "ordering_unit",
            "provider",
            "provider_name",
            "contract",
            "contract_number",
            "contract_line",
            "product",
            "starts_on",
            "ends_on",
            "planned_volume",
            "decision_number",
            "responsible_worker",
            "goals",
            "version",
            "created_at",
            "updated_at",
        ]


# Input shapes --------------------------------------------------------------------------------------------


class ServiceOrderCreateSerializer(serializers.Serializer):
    client_identity_code = serializers.CharField(max_length=11, write_only=True)
    client_first_name = serializers.CharField(max_length=100)
    client_last_name = serializers.CharField(max_length=100)
    ordering_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrderingUnit.objects.all())
    contract_line = serializers.PrimaryKeyRelatedField(queryset=ContractLine.objects.all())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    planned_volume = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    decision_number = serializers.CharField(max_length=60)
    responsible_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)

    def validate_contract_line(self, line: ContractLine) -> ContractLine:
        # Lines the caller may not see answer exactly like lines that do not exist.
        request = self.context["request"]
        if not contract_line_list(actor=request_actor(request)).filter(pk=line.pk).exists():
            raise serializers.ValidationError(
                self.fields["contract_line"].error_messages["does_not_exist"].format(pk_value=line.pk)
            )
        return line


class ServiceOrderUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one gets 409.")
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    planned_volume = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    decision_number = serializers.CharField(max_length=60, required=False)
    responsible_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)


# Views ---------------------------------------------------------------------------------------------------


class ProductListApi(generics.ListAPIView):
    serializer_class = ProductOutputSerializer
    filterset_class = ProductFilter

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


class ProductDetailApi(generics.RetrieveAPIView):
    serializer_class = ProductOutputSerializer

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


class ContractListApi(generics.ListAPIView):
    serializer_class = ContractOutputSerializer
    filterset_class = ContractFilter

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))


class ContractDetailApi(generics.RetrieveAPIView):
    serializer_class = ContractOutputSerializer

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))


class OrderingUnitListApi(generics.ListAPIView):
    serializer_class = OrderingUnitOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[OrderingUnit]:
        return ordering_unit_list(actor=request_actor(self.request))


class WorkShareRateListApi(generics.ListAPIView):
    serializer_class = WorkShareRateOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[WorkShareRate]:
        return work_share_rate_list(actor=request_actor(self.request))


class ServiceOrderListCreateApi(generics.ListAPIView):
    """Service orders the caller may see; city roles create them (SPEC §4)."""

    serializer_class = ServiceOrderOutputSerializer
    filterset_class = ServiceOrderFilter

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        return service_order_list(actor=request_actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        client_access_record(
            user=request.user,
            client_ids=[order.client_id for order in rows],
            action=AccessAction.LIST,
            resource="api:service-order-list",
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=ServiceOrderCreateSerializer, responses={201: ServiceOrderOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.is_city_user:
            raise PermissionDenied(_("Only city employees can create service orders."))
        payload = ServiceOrderCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        order = service_order_create(user=request.user, **payload.validated_data)
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.CREATE,
            resource="api:service-order-list",
            object_ref=f"service_order:{order.pk}",
        )
        order = service_order_list(actor=actor).get(pk=order.pk)
        return Response(ServiceOrderOutputSerializer(order).data, status=status.HTTP_201_CREATED)


class ServiceOrderDetailApi(generics.RetrieveAPIView):
    serializer_class = ServiceOrderOutputSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        return service_order_list(actor=request_actor(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.VIEW,
            resource="api:service-order-detail",
            object_ref=f"service_order:{order.pk}",
        )
        return Response(self.get_serializer(order).data)

    @extend_schema(request=ServiceOrderUpdateSerializer, responses={200: ServiceOrderOutputSerializer})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        payload = ServiceOrderUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        version = changes.pop("version")
        order = service_order_update(user=request.user, order=order, version=version, **changes)
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.UPDATE,
            resource="api:service-order-detail",
            object_ref=f"service_order:{order.pk}",
        )
        order = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(order).data)


class ClientListApi(generics.ListAPIView):
    """Clients the caller may see; a provider sees a client only through a visible order with it."""

    serializer_class = ClientOutputSerializer

    def get_queryset(self) -> QuerySet[Client]:
        return client_list(actor=request_actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page or [])
        client_access_record(
            user=request.user,
            client_ids=[client.pk for client in rows],
            action=AccessAction.LIST,
            resource="api:client-list",
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class ClientDetailApi(generics.RetrieveAPIView):
    serializer_class = ClientOutputSerializer

    def get_queryset(self) -> QuerySet[Client]:
        return client_list(actor=request_actor(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        client_access_record(
            user=request.user,
            client_ids=[client.pk],
            action=AccessAction.VIEW,
            resource="api:client-detail",
            object_ref=f"client:{client.pk}",
        )
        return Response(self.get_serializer(client).data)


# Goals, quality of life and the employment path (SPEC §5, §6) ----------------------------------------------


def _log(request: Request, order: ServiceOrder, action: str, resource: str, object_ref: str = "") -> None:
    client_access_record(
        user=request.user,
        client_ids=[order.client_id],
        action=action,
        resource=resource,
        object_ref=object_ref or f"service_order:{order.pk}",
    )


def _visible_order(request: Request, pk: int) -> ServiceOrder:
    return get_object_or_404(service_order_list(actor=request_actor(request)), pk=pk)


class GoalInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = list(GOAL_INPUT_FIELDS)
        extra_kwargs = {"weight": {"min_value": 1}}


class ServiceOrderGoalListCreateApi(APIView):
    """The order's goals; the city's workers of the ordering unit set them with the client and provider."""

    @extend_schema(responses=GoalOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        _log(request, order, AccessAction.VIEW, "api:service-order-goals")
        return Response(GoalOutputSerializer(order.goals.all(), many=True).data)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        payload = GoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = goal_create(user=request.user, order=order, **payload.validated_data)
        _log(request, order, AccessAction.CREATE, "api:service-order-goals", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalDetailApi(APIView):
    @extend_schema(responses=GoalOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        goal = get_object_or_404(goal_list(actor=request_actor(request)), pk=pk)
        _log(request, goal.service_order, AccessAction.VIEW, "api:goal-detail", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data)

    @extend_schema(request=GoalInputSerializer(partial=True), responses=GoalOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        goal = get_object_or_404(goal_list(actor=request_actor(request)), pk=pk)
        payload = GoalInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        goal = goal_update(user=request.user, goal=goal, **payload.validated_data)
        _log(request, goal.service_order, AccessAction.UPDATE, "api:goal-detail", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data)


class QualityOfLifeOutputSerializer(serializers.ModelSerializer):
    items = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=5), read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="The sum of the eight items, 8–40.")

    class Meta:
        model = QualityOfLifeAssessment
        fields = ["id", "kind", "assessed_on", "items", "score", "recorded_at"]


class QualityOfLifeSummarySerializer(serializers.Serializer):
    start = QualityOfLifeOutputSerializer(allow_null=True)
    end = QualityOfLifeOutputSerializer(allow_null=True)
    change = serializers.IntegerField(allow_null=True, help_text="End score minus start score.")


class QualityOfLifeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QualityOfLifeKind.choices)
    assessed_on = serializers.DateField()
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        min_length=len(QOL_ITEM_FIELDS),
        max_length=len(QOL_ITEM_FIELDS),
        help_text="The eight EUROHIS-QOL answers in order, each 1–5.",
    )


class ServiceOrderQualityOfLifeApi(APIView):
    """EUROHIS-QOL 8 at the start and the end of the order: each score (8–40) and the change."""

    @extend_schema(responses=QualityOfLifeSummarySerializer)
    def get(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        _log(request, order, AccessAction.VIEW, "api:service-order-quality-of-life")
        summary = quality_of_life_summary(list(order.quality_of_life.all()))
        return Response(QualityOfLifeSummarySerializer(summary).data)

    @extend_schema(request=QualityOfLifeInputSerializer, responses={201: QualityOfLifeSummarySerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        payload = QualityOfLifeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        quality_of_life_record(user=request.user, order=order, **payload.validated_data)
        _log(request, order, AccessAction.UPDATE, "api:service-order-quality-of-life")
        summary = quality_of_life_summary(list(order.quality_of_life.all()))
        return Response(QualityOfLifeSummarySerializer(summary).data, status=status.HTTP_201_CREATED)


class PathGoalOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmploymentPathGoal
        fields = ["id", "description", "achieved"]


class PathProgressOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmploymentPathProgress
        fields = ["period", "narrative", "recorded_at"]


class EvidenceOutputSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "description", "uploaded_at", "download"]

    def get_download(self, evidence: EvidenceFile) -> str:
        return reverse("api:evidence-download", kwargs={"pk": evidence.pk})


class EmploymentPathOutputSerializer(serializers.ModelSerializer):
    proposed_by = PersonSerializer(read_only=True)
    decided_by = PersonSerializer(read_only=True, allow_null=True)
    closed_by = PersonSerializer(read_only=True, allow_null=True)
    verified_by = PersonSerializer(read_only=True, allow_null=True)
    max_months = serializers.IntegerField(source="service_order.contract_line.product.employment_path_max_months")
    goals = PathGoalOutputSerializer(many=True, read_only=True)
    progress = PathProgressOutputSerializer(many=True, read_only=True)
    evidence = EvidenceOutputSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentPath
        fields = [
            "id",
            "service_order",
            "state",
            "justification",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "starts_on",
            "ends_on",
            "max_months",
            "outcome",
            "outcome_description",
            "closed_by",
            "closed_at",
            "verified_by",
            "verified_at",
            "verification_comment",
            "goals",
            "progress",
            "evidence",
            "version",
        ]


class PathProposeSerializer(serializers.Serializer):
    justification = serializers.CharField(
        allow_blank=True, help_text="The client's strengths and successes in the current service."
    )
    goals = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class PathDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PathGoalInputSerializer(serializers.Serializer):
    description = serializers.CharField()


class PathProgressInputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM")
    narrative = serializers.CharField()

    def validate_period(self, value: str) -> Period:
        try:
            return Period.parse(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class PathCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=EmploymentPathOutcome.choices)
    outcome_description = serializers.CharField(required=False, allow_blank=True, default="")
    achieved_goals = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class PathVerifySerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, PNG or JPEG, judged by its content; at most EVIDENCE_MAX_BYTES.")
    description = serializers.CharField(required=False, allow_blank=True, default="")


def _visible_path(request: Request, pk: int) -> EmploymentPath:
    return get_object_or_404(employment_path_list(actor=request_actor(request)), pk=pk)


def _path_response(request: Request, path: EmploymentPath, action: str, resource: str, code: int = 200) -> Response:
    path = employment_path_list(actor=request_actor(request)).get(pk=path.pk)
    _log(request, path.service_order, action, resource, f"employment_path:{path.pk}")
    return Response(EmploymentPathOutputSerializer(path).data, status=code)


class ServiceOrderEmploymentPathApi(APIView):
    """The order's employment paths; the provider proposes one with a written justification."""

    @extend_schema(responses=EmploymentPathOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        paths = employment_path_list(actor=request_actor(request)).filter(service_order=order)
        _log(request, order, AccessAction.VIEW, "api:service-order-employment-paths")
        return Response(EmploymentPathOutputSerializer(paths, many=True).data)

    @extend_schema(request=PathProposeSerializer, responses={201: EmploymentPathOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = _visible_order(request, pk)
        payload = PathProposeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        path = employment_path_propose(user=request.user, order=order, **payload.validated_data)
        return _path_response(
            request, path, AccessAction.CREATE, "api:service-order-employment-paths", status.HTTP_201_CREATED
        )


class EmploymentPathDetailApi(APIView):
    @extend_schema(responses=EmploymentPathOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _path_response(request, _visible_path(request, pk), AccessAction.VIEW, "api:employment-path-detail")


class EmploymentPathDecideApi(APIView):
    """The city accepts the proposal (with a term within the product's maximum length) or declines it."""

    @extend_schema(request=PathDecideSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = PathDecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        path = employment_path_decide(
            user=request.user,
            path=path,
            accept=data["decision"] == "accept",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            comment=data["comment"],
        )
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-decide")


class EmploymentPathGoalApi(APIView):
    @extend_schema(request=PathGoalInputSerializer, responses={201: EmploymentPathOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = PathGoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        employment_path_goal_add(user=request.user, path=path, **payload.validated_data)
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-goals", status.HTTP_201_CREATED)


class EmploymentPathProgressApi(APIView):
    """The provider's monthly note on the path; the same month again replaces it."""

    @extend_schema(request=PathProgressInputSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = PathProgressInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        employment_path_progress_record(user=request.user, path=path, **payload.validated_data)
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-progress")


class EmploymentPathEvidenceApi(APIView):
    """Upload evidence (multipart `file`): PDF, PNG or JPEG by content, within the size limit."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = EvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = evidence_upload(
            user=request.user,
            path=path,
            upload=payload.validated_data["file"],
            description=payload.validated_data["description"],
        )
        _log(
            request, path.service_order, AccessAction.CREATE, "api:employment-path-evidence", f"evidence:{evidence.pk}"
        )
        return Response(EvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EmploymentPathCloseApi(APIView):
    """The provider closes the path with its outcome; refused without evidence or past the maximum length."""

    @extend_schema(request=PathCloseSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = PathCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        path = employment_path_close(
            user=request.user,
            path=path,
            outcome=data["outcome"],
            outcome_description=data["outcome_description"],
            achieved_goal_ids=data["achieved_goals"],
        )
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-close")


class EmploymentPathVerifyApi(APIView):
    @extend_schema(request=PathVerifySerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = _visible_path(request, pk)
        payload = PathVerifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        path = employment_path_verify(user=request.user, path=path, comment=payload.validated_data["comment"])
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-verify")


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
