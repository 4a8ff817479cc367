"""EUROHIS-QOL 8 at the start and the end of an order: eight items 1–5, the score (8–40) and its change."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient

from contracts.models import QualityOfLifeAssessment
from contracts.services import quality_of_life_record
from tests import factories

pytestmark = pytest.mark.django_db


def _page(user):
    client = HttpClient()
    client.force_login(user)
    return client


def _url(world):
    return f"/api/v1/service-orders/{world.order.pk}/quality-of-life/"


def test_the_provider_records_the_start_and_the_end_and_sees_the_change(world):
    api = factories.api(world.reporter)

    start = api.post(
        _url(world), {"kind": "start", "assessed_on": "2026-01-15", "items": [2, 3, 2, 2, 3, 2, 3, 3]}, format="json"
    )
    end = api.post(
        _url(world), {"kind": "end", "assessed_on": "2026-11-20", "items": [4, 4, 3, 2, 4, 4, 4, 3]}, format="json"
    )

    assert start.status_code == 201, start.json()
    assert end.status_code == 201, end.json()
    body = api.get(_url(world)).json()
    assert (body["start"]["score"], body["end"]["score"], body["change"]) == (20, 28, 8)


def test_recording_the_same_kind_again_corrects_it(world):
    for items in ([1] * 8, [5] * 8):
        quality_of_life_record(
            user=world.social_worker,
            order=world.order,
            kind="start",
            assessed_on=datetime.date(2026, 1, 10),
            items=items,
        )

    assert QualityOfLifeAssessment.objects.get().score == 40


def test_the_change_is_empty_until_both_are_recorded(world):
    quality_of_life_record(
        user=world.reporter, order=world.order, kind="start", assessed_on=datetime.date(2026, 1, 10), items=[3] * 8
    )

    body = factories.api(world.reporter).get(_url(world)).json()
    assert (body["start"]["score"], body["end"], body["change"]) == (24, None, None)


@pytest.mark.parametrize("items", [[0, 3, 3, 3, 3, 3, 3, 3], [6, 3, 3, 3, 3, 3, 3, 3], [3] * 7, [3] * 9])
def test_items_outside_one_to_five_or_not_eight_are_refused(world, items):
    response = factories.api(world.reporter).post(
        _url(world), {"kind": "start", "assessed_on": "2026-01-15", "items": items}, format="json"
    )

    assert response.status_code == 400
    assert not QualityOfLifeAssessment.objects.exists()


def test_the_database_refuses_an_item_out_of_range(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityOfLifeAssessment.objects.create(
            service_order=world.order,
            kind="start",
            assessed_on=datetime.date(2026, 1, 1),
            recorded_by=world.reporter,
            **{f"item_{number}": 3 for number in range(1, 8)},
            item_8=9,
        )


def test_another_providers_staff_get_404(world):
    api = factories.api(world.other_reporter)

    assert api.get(_url(world)).status_code == 404
    body = {"kind": "start", "assessed_on": "2026-01-15", "items": [3] * 8}
    assert api.post(_url(world), body, format="json").status_code == 404
    assert _page(world.other_reporter).get(f"/service-orders/{world.order.pk}/quality-of-life/").status_code == 404


def test_the_payroll_clerk_who_sees_all_orders_may_not_record(world):
    body = {"kind": "start", "assessed_on": "2026-01-15", "items": [3] * 8}

    assert factories.api(world.payroll).post(_url(world), body, format="json").status_code == 403


def test_the_questionnaire_is_filled_on_the_page_and_shown_on_the_order(world):
    data = {"kind": "start", "assessed_on": "2026-01-15", **{f"item_{number}": "4" for number in range(1, 9)}}

    response = _page(world.reporter).post(f"/service-orders/{world.order.pk}/quality-of-life/", data)

    assert response.status_code == 302
    page = _page(world.reporter).get(f"/service-orders/{world.order.pk}/").content.decode()
    assert "32 / 40" in page
