"""The self-evaluation part of the public API: providers write and submit, the city comments (docs §10)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.models import Contract
from contracts.selectors import contract_list
from reporting.filters import SelfEvaluationFilter
from reporting.models import EvaluationPeriodKind, SelfEvaluation, SelfEvaluationComment, SelfEvaluationEvent
from reporting.self_evaluations.selectors import self_evaluation_detail_list, self_evaluation_list
from reporting.self_evaluations.services import (
    self_evaluation_comment_add,
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from suppliers.access import person_name, request_actor
from suppliers.models import Provider

# Output ---------------------------------------------------------------------------------------------------


class SelfEvaluationCommentOutputSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = SelfEvaluationComment
        fields = ["id", "author", "at", "text"]

    def get_author(self, comment: SelfEvaluationComment) -> str:
        return person_name(comment.author)


class SelfEvaluationEventOutputSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    from_state = serializers.CharField(help_text="The state before; empty when the evaluation was created.")
    to_state = serializers.CharField(help_text="The state after (draft, submitted, commented).")

    class Meta:
        model = SelfEvaluationEvent
        fields = ["at", "actor", "from_state", "to_state"]

    def get_actor(self, event: SelfEvaluationEvent) -> str:
        return person_name(event.actor)


class SelfEvaluationOutputSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True, allow_null=True, default=None)
    period_label = serializers.CharField(read_only=True, help_text="Q3/2026 for a quarter, 2026 for a year.")
    comment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SelfEvaluation
        fields = [
            "id",
            "provider",
            "provider_name",
            "contract",
            "contract_number",
            "kind",
            "year",
            "quarter",
            "period_label",
            "objectives",
            "actions_taken",
            "participant_count",
            "participants",
            "what_worked",
            "why_it_worked",
            "what_did_not_work",
            "why_it_did_not",
            "practices_to_share",
            "state",
            "created_at",
            "submitted_at",
            "comment_count",
            "version",
        ]


class SelfEvaluationDetailOutputSerializer(SelfEvaluationOutputSerializer):
    comments = SelfEvaluationCommentOutputSerializer(many=True, read_only=True)
    events = SelfEvaluationEventOutputSerializer(many=True, read_only=True)

    class Meta(SelfEvaluationOutputSerializer.Meta):
        fields = [*SelfEvaluationOutputSerializer.Meta.fields, "comments", "events"]


def _detail(request: Request, pk: int) -> SelfEvaluation:
    return get_object_or_404(self_evaluation_detail_list(actor=request_actor(request)), pk=pk)


def _detail_response(request: Request, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(SelfEvaluationDetailOutputSerializer(_detail(request, pk)).data, status=status_code)


def _contract(request: Request, contract_id: int | None) -> Contract | None:
    if contract_id is None:
        return None
    return get_object_or_404(contract_list(actor=request_actor(request)), pk=contract_id)


# Views ----------------------------------------------------------------------------------------------------


class SelfEvaluationListApi(generics.ListAPIView):
    """Self-evaluations the caller may see: a provider's staff their own (drafts too), the city's contract
    monitors every submitted one. A provider's staff create a draft with POST."""

    serializer_class = SelfEvaluationOutputSerializer
    filterset_class = SelfEvaluationFilter

    class SelfEvaluationCreateInputSerializer(serializers.Serializer):
        provider = serializers.IntegerField(required=False, help_text="Needed only by staff of more than one provider.")
        contract = serializers.IntegerField(
            required=False, allow_null=True, help_text="Empty: the evaluation covers all the provider's contracts."
        )
        kind = serializers.ChoiceField(choices=EvaluationPeriodKind.choices)
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        quarter = serializers.IntegerField(
            min_value=1, max_value=4, required=False, allow_null=True, help_text="1–4 for a quarter; empty for a year."
        )
        participant_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        objectives = serializers.CharField(allow_blank=True, required=False)
        actions_taken = serializers.CharField(allow_blank=True, required=False)
        participants = serializers.CharField(
            allow_blank=True, required=False, help_text="Participants as a group; never name clients."
        )
        what_worked = serializers.CharField(allow_blank=True, required=False)
        why_it_worked = serializers.CharField(allow_blank=True, required=False)
        what_did_not_work = serializers.CharField(allow_blank=True, required=False)
        why_it_did_not = serializers.CharField(allow_blank=True, required=False)
        practices_to_share = serializers.CharField(allow_blank=True, required=False)

    def get_queryset(self) -> QuerySet[SelfEvaluation]:
        return self_evaluation_list(actor=request_actor(self.request))

    @extend_schema(request=SelfEvaluationCreateInputSerializer, responses={201: SelfEvaluationDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        payload = self.SelfEvaluationCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        actor = request_actor(request)
        provider_id = data.pop("provider", None)
        if provider_id is None:
            if len(actor.provider_ids) != 1:
                raise serializers.ValidationError({"provider": [_("Name the provider you write for.")]})
            [provider_id] = actor.provider_ids
        provider = get_object_or_404(Provider, pk=provider_id)
        contract = _contract(request, data.pop("contract", None))
        evaluation = self_evaluation_create(user=request.user, provider=provider, contract=contract, **data)
        return _detail_response(request, evaluation.pk, status_code=status.HTTP_201_CREATED)


class SelfEvaluationDetailApi(APIView):
    class SelfEvaluationUpdateInputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one gets 409.")
        contract = serializers.IntegerField(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=EvaluationPeriodKind.choices, required=False)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
        quarter = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
        participant_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        objectives = serializers.CharField(allow_blank=True, required=False)
        actions_taken = serializers.CharField(allow_blank=True, required=False)
        participants = serializers.CharField(allow_blank=True, required=False)
        what_worked = serializers.CharField(allow_blank=True, required=False)
        why_it_worked = serializers.CharField(allow_blank=True, required=False)
        what_did_not_work = serializers.CharField(allow_blank=True, required=False)
        why_it_did_not = serializers.CharField(allow_blank=True, required=False)
        practices_to_share = serializers.CharField(allow_blank=True, required=False)

    @extend_schema(responses=SelfEvaluationDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(request, pk)

    @extend_schema(request=SelfEvaluationUpdateInputSerializer, responses=SelfEvaluationDetailOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        evaluation = _detail(request, pk)
        payload = self.SelfEvaluationUpdateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        version = changes.pop("version")
        if "contract" in changes:
            changes["contract"] = _contract(request, changes["contract"])
        self_evaluation_update(user=request.user, evaluation=evaluation, version=version, **changes)
        return _detail_response(request, pk)


class SelfEvaluationSubmitApi(APIView):
    class SelfEvaluationSubmitInputSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            min_value=1, required=False, help_text="The version you read; a stale one gets 409."
        )

    @extend_schema(request=SelfEvaluationSubmitInputSerializer, responses=SelfEvaluationDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        evaluation = _detail(request, pk)
        payload = self.SelfEvaluationSubmitInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        self_evaluation_submit(user=request.user, evaluation=evaluation, version=payload.validated_data.get("version"))
        return _detail_response(request, pk)


class SelfEvaluationCommentApi(APIView):
    class SelfEvaluationCommentInputSerializer(serializers.Serializer):
        text = serializers.CharField(help_text="The city's comment; never name clients.")

    @extend_schema(request=SelfEvaluationCommentInputSerializer, responses={201: SelfEvaluationDetailOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        evaluation = _detail(request, pk)
        payload = self.SelfEvaluationCommentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        self_evaluation_comment_add(user=request.user, evaluation=evaluation, text=payload.validated_data["text"])
        return _detail_response(request, pk, status_code=status.HTTP_201_CREATED)
